import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../database.js'
import { createJobSignal } from '../job-signal.js'
import type { Store } from '../store.js'
import { createSqliteInbox } from './sqlite-inbox.js'

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  readonly path: string
  readonly synchronous: 'FULL' | 'NORMAL'
  readonly commitTimeoutMs: number
}

export function openSqliteStore(options: SqliteOptions): Store {
  const memory = options.path === ':memory:'
  const file = memory ? ':memory:' : resolve(options.path)
  if (!memory) mkdirSync(dirname(file), { recursive: true })
  const raw = new BetterSqlite3(file)
  raw.pragma('journal_mode = WAL')
  // better-sqlite3 opens WAL databases with synchronous=NORMAL and the level does not persist across
  // opens, so it is set on every open: FULL is what makes an acknowledged event survive power loss.
  raw.pragma(`synchronous = ${options.synchronous}`)
  raw.pragma(`busy_timeout = ${options.commitTimeoutMs}`)
  raw.pragma('foreign_keys = ON')

  const signal = createJobSignal()
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) })
  const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][raw.pragma('synchronous', { simple: true }) as number] ?? '?'
  return {
    dialect: 'sqlite',
    db,
    capabilities: { skipLocked: false, rowLocks: false },
    inbox: createSqliteInbox(raw, { commitTimeoutMs: options.commitTimeoutMs, onCommitted: signal.notify }),
    settings: {
      dialect: 'sqlite',
      file,
      journalMode: String(raw.pragma('journal_mode', { simple: true })),
      synchronous,
    },
    notifyJobs: signal.notify,
    onJobs: signal.subscribe,
    async ping() {
      raw.prepare('SELECT 1').get()
    },
    async close() {
      await db.destroy()
    },
  }
}
