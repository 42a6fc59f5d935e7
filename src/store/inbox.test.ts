import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { newJobRow } from '../jobs/index.js'
import { createStore, migrateStore } from './create-store.js'
import type { NewEventRow } from './database.js'
import { type Store, StoreUnavailableError } from './store.js'

const now = new Date(Date.UTC(2026, 10, 27, 12))

function event(key: string): NewEventRow {
  return { dedupe_key: key, status: 'queued', received_at: now.getTime(), lead_id: key, lead_action: 'CREATED' }
}
const withJob = (eventId: number) => [newJobRow('process-lead', { eventId }, now, { key: `process-lead:${eventId}` })]

describe.each(dialectsUnderTest())('$name: inbox', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeEach(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterEach(async () => {
    await cleanup()
  })

  it('stores a new event with its job, and answers a duplicate with the first event id', async () => {
    const first = await store.inbox.append({ event: event('a:CREATED'), jobs: withJob })
    const second = await store.inbox.append({ event: event('a:CREATED'), jobs: withJob })
    expect(first.kind).toBe('stored')
    expect(second).toEqual({ kind: 'duplicate', eventId: first.eventId })
    const jobs = await store.db.selectFrom('jobs').selectAll().execute()
    expect(jobs.map((j) => JSON.parse(j.payload))).toEqual([{ eventId: first.eventId }])
  })

  it('commits every event that arrives in the same turn, each with its own job', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 25 }, (_, i) => store.inbox.append({ event: event(`lead-${i}:CREATED`), jobs: withJob })),
    )
    expect(new Set(outcomes.map((o) => o.eventId)).size).toBe(25)
    expect(outcomes.every((o) => o.kind === 'stored')).toBe(true)
    const jobs = await store.db.selectFrom('jobs').select('payload').execute()
    expect(jobs).toHaveLength(25)
  })

  it('fails only the entry that cannot be written, never its neighbours in the batch', async () => {
    const results = await Promise.allSettled([
      store.inbox.append({ event: event('ok-1:CREATED'), jobs: withJob }),
      store.inbox.append({
        event: event('bad:CREATED'),
        jobs: () => {
          throw new Error('cannot build job')
        },
      }),
      store.inbox.append({ event: event('ok-2:CREATED'), jobs: withJob }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const keys = (await store.db.selectFrom('events').select('dedupe_key').execute()).map((r) => r.dedupe_key)
    // The failed entry was rolled back with its own transaction: no event without its job.
    expect(keys.sort()).toEqual(['ok-1:CREATED', 'ok-2:CREATED'])
    expect(await store.db.selectFrom('jobs').select('id').execute()).toHaveLength(2)
  })

  it('wakes in-process workers once the event is committed', async () => {
    let woken = 0
    store.onJobs(() => {
      woken++
    })
    await store.inbox.append({ event: event('wake:CREATED'), jobs: withJob })
    await expect.poll(() => woken).toBeGreaterThan(0)
  })
})

describe('sqlite file: inbox beside another writer', () => {
  let dir: string
  let store: Store
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadrelay-inbox-'))
    store = await createStore({
      url: `sqlite:${join(dir, 'inbox.db')}`,
      sqliteSynchronous: 'FULL',
      postgresPoolSize: 1,
      commitTimeoutMs: 2000,
    })
    await migrateStore(store)
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('waits for another connection’s write lock without blocking the event loop, then commits', async () => {
    // Another connection (the worker's thread, or a worker process) holds the write lock. In this same
    // thread, only a flush that gives the event loop back lets the lock be released at all.
    const other = new BetterSqlite3(join(dir, 'inbox.db'))
    other.exec('BEGIN IMMEDIATE')
    let settled = false
    const appended = store.inbox.append({ event: event('locked:CREATED'), jobs: withJob }).finally(() => {
      settled = true
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(settled).toBe(false)
    other.exec('COMMIT')
    other.close()
    expect((await appended).kind).toBe('stored')
    const keys = await store.db.selectFrom('events').select('dedupe_key').execute()
    expect(keys.map((k) => k.dedupe_key)).toEqual(['locked:CREATED'])
  })

  it('answers unavailable (so LinkedIn retries) when the lock is held past the commit timeout', async () => {
    const other = new BetterSqlite3(join(dir, 'inbox.db'))
    other.exec('BEGIN IMMEDIATE')
    const appended = store.inbox.append({ event: event('late:CREATED'), jobs: withJob })
    await expect(appended).rejects.toBeInstanceOf(StoreUnavailableError)
    other.exec('ROLLBACK')
    other.close()
    expect(await store.db.selectFrom('events').select('id').execute()).toEqual([])
  })
})
