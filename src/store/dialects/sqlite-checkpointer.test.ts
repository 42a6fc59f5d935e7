import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createStore, migrateStore } from '../create-store.js'
import type { Store } from '../store.js'
import { CHECKPOINT_WAL_BYTES } from './sqlite-checkpointer.js'

describe('SQLite checkpoints in a thread of their own', () => {
  let dir: string
  let file: string
  let store: Store
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadrelay-checkpoint-'))
    file = join(dir, 'leadrelay.db')
    store = await createStore({
      url: `sqlite:${file}`,
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

  it('copies the WAL into the database file while the store connection never checkpoints itself', async () => {
    // The connection that answers webhooks must never run a checkpoint (10–24 ms of writes and fsyncs).
    const level = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(store.db)
    expect(level.rows[0]?.wal_autocheckpoint).toBe(0)
    const before = statSync(file).size
    const body = Buffer.alloc(2000, 'x')
    for (let batch = 0; batch < 8; batch++) {
      await Promise.all(
        Array.from({ length: 400 }, (_, i) =>
          store.inbox.append({
            event: { dedupe_key: `${batch}-${i}:CREATED`, status: 'queued', received_at: 0, raw_bytes: body },
            jobs: () => [],
          }),
        ),
      )
    }
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(CHECKPOINT_WAL_BYTES)
    await expect.poll(() => statSync(file).size - before, { timeout: 10_000 }).toBeGreaterThan(CHECKPOINT_WAL_BYTES)
  })
})
