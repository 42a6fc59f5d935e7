import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStore, migrateStore } from '../create-store.js'
import type { NewEventRow } from '../database.js'
import { type Inbox, StoreUnavailableError } from '../store.js'
import { createSqliteInbox } from './sqlite-inbox.js'

const event = (key: string): NewEventRow => ({ dedupe_key: key, status: 'queued', received_at: 0 })

/** A WAL sync the test finishes by hand, recording how many commits each one covered. */
function manualSync() {
  const calls: { resolve: () => void; reject: (error: Error) => void }[] = []
  return {
    calls,
    sync: () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject })),
  }
}

const settled = async <T>(promise: Promise<T>) => {
  let done = false
  void promise.then(
    () => (done = true),
    () => (done = true),
  )
  await new Promise((resolve) => setTimeout(resolve, 20))
  return done
}

describe('SQLite inbox: acknowledgements wait for the WAL sync that covers their commit', () => {
  let dir: string
  let raw: BetterSqlite3.Database
  let sync: ReturnType<typeof manualSync>
  let inbox: Inbox
  let committed = 0
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadrelay-inbox-sync-'))
    const file = join(dir, 'inbox.db')
    const store = await createStore({
      url: `sqlite:${file}`,
      sqliteSynchronous: 'FULL',
      postgresPoolSize: 1,
      commitTimeoutMs: 500,
    })
    await migrateStore(store)
    await store.close()
    raw = new BetterSqlite3(file)
    raw.pragma('journal_mode = WAL')
    sync = manualSync()
    committed = 0
    inbox = createSqliteInbox(raw, { commitTimeoutMs: 500, syncWal: sync.sync, onCommitted: () => committed++ })
  })
  afterEach(() => {
    raw.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers only once the sync has returned, though the row is committed before it', async () => {
    const appended = inbox.append({ event: event('a:CREATED'), jobs: () => [] })
    expect(await settled(appended)).toBe(false)
    // Committed (another connection sees it), not yet acknowledged.
    expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 })
    expect(sync.calls).toHaveLength(1)
    sync.calls[0]?.resolve()
    expect((await appended).kind).toBe('stored')
    expect(committed).toBe(1)
  })

  it('gathers batches committed during a sync into the next one', async () => {
    const first = inbox.append({ event: event('a:CREATED'), jobs: () => [] })
    await settled(first)
    const later = [1, 2, 3].map((i) => inbox.append({ event: event(`later-${i}:CREATED`), jobs: () => [] }))
    await settled(Promise.all(later))
    // Only one sync at a time: the three wait for the second, which starts when the first returns.
    expect(sync.calls).toHaveLength(1)
    sync.calls[0]?.resolve()
    await first
    expect(await settled(Promise.all(later))).toBe(false)
    expect(sync.calls).toHaveLength(2)
    sync.calls[1]?.resolve()
    expect((await Promise.all(later)).map((o) => o.kind)).toEqual(['stored', 'stored', 'stored'])
  })

  it('answers unavailable when the sync fails or outlasts the commit timeout (LinkedIn sends it again)', async () => {
    const failed = inbox.append({ event: event('a:CREATED'), jobs: () => [] })
    await settled(failed)
    sync.calls[0]?.reject(new Error('EIO'))
    await expect(failed).rejects.toBeInstanceOf(StoreUnavailableError)
    const stuck = inbox.append({ event: event('b:CREATED'), jobs: () => [] })
    await expect(stuck).rejects.toThrow(/did not make the commit durable within the commit timeout/)
    expect(committed).toBe(0)
    // The resend is absorbed by the dedupe key: the committed row stands.
    sync.calls[1]?.resolve()
    const resend = inbox.append({ event: event('a:CREATED'), jobs: () => [] })
    await settled(resend)
    sync.calls[2]?.resolve()
    expect((await resend).kind).toBe('duplicate')
  })
})
