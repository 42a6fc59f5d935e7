import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { createStore, migrateStore } from '../index.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-sync-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SQLite synchronous level', () => {
  // better-sqlite3 opens WAL databases at NORMAL and the level does not persist: it is set on every open.
  it('is set explicitly on every open and reopen, and acknowledged events still commit', async () => {
    for (const round of ['open', 'reopen', 'reopen again']) {
      const store = await createStore({
        url: `sqlite:${join(dir, 'l.db')}`,
        sqliteSynchronous: 'FULL',
        postgresPoolSize: 1,
        commitTimeoutMs: 2000,
      })
      await migrateStore(store)
      const level = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db)
      expect(level.rows[0]?.synchronous, round).toBe(1)
      expect(store.settings.synchronous, round).toBe(
        'NORMAL commits; acknowledged events wait for an fdatasync of the WAL (as FULL)',
      )
      const outcome = await store.inbox.append({
        event: { dedupe_key: `${round}:CREATED`, status: 'queued', received_at: 0 },
        jobs: () => [],
      })
      expect(outcome.kind, round).toBe('stored')
      // Still NORMAL after the inbox's batch: its durability comes from the WAL fdatasync, not the pragma.
      expect((await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(store.db)).rows[0]?.synchronous).toBe(1)
      await store.close()
    }
  })
})
