import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../database.js'
import { createJobSignal } from '../job-signal.js'
import type { Store } from '../store.js'
import { createSqliteInbox, SYNCHRONOUS_LEVEL } from './sqlite-inbox.js'

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  readonly path: string
  readonly synchronous: 'FULL' | 'NORMAL'
  readonly commitTimeoutMs: number
}

export function openSqliteStore(options: SqliteOptions): Store {
  const memory = options.path === ':memory:'
  const file = memory ? ':memory:' : resolve(options.path)
  if (!memory) keepPrivate(file)
  const raw = new BetterSqlite3(file)
  raw.pragma('journal_mode = WAL')
  // better-sqlite3 opens WAL databases with synchronous=NORMAL and the level does not persist across
  // opens. Only the inbox's commits (what a 2xx promises) pay for FULL: it switches to FULL around each
  // batch. Everything else commits at NORMAL, which in WAL mode survives a crashed process and becomes
  // durable with the next FULL commit; a power loss can only re-run an idempotent job step.
  raw.pragma('synchronous = NORMAL')
  if (raw.pragma('synchronous', { simple: true }) !== SYNCHRONOUS_LEVEL.NORMAL) {
    raw.close()
    throw new Error('SQLite did not accept synchronous=NORMAL on open')
  }
  raw.pragma(`busy_timeout = ${options.commitTimeoutMs}`)
  raw.pragma('foreign_keys = ON')
  // Erased personal data is overwritten, not just unlinked from the b-tree (issue 11: deleted values
  // lingered in free pages and the WAL).
  raw.pragma('secure_delete = ON')

  const signal = createJobSignal()
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  return {
    dialect: 'sqlite',
    db,
    capabilities: { skipLocked: false, rowLocks: false },
    inbox: createSqliteInbox(raw, {
      commitTimeoutMs: options.commitTimeoutMs,
      synchronous: options.synchronous,
      onCommitted: signal.notify,
    }),
    personalDataEncrypted: false,
    settings: {
      dialect: 'sqlite',
      file,
      journalMode: String(raw.pragma('journal_mode', { simple: true })),
      synchronous: `${options.synchronous} for acknowledged events, NORMAL for the rest`,
    },
    notifyJobs: signal.notify,
    onJobs: signal.subscribe,
    async ping() {
      raw.prepare('SELECT 1').get()
    },
    async afterErasure() {
      // Not inside another writer's transaction: the checkpoint would wait on it. Retried once a turn later.
      for (let attempt = 0; attempt < 50 && raw.inTransaction; attempt++) await new Promise((r) => setImmediate(r))
      raw.pragma('wal_checkpoint(TRUNCATE)')
    },
    async close() {
      await db.destroy()
    },
  }
}

const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely's SQLite driver prepares every query anew; compiling SQL was 14 % of the CPU under webhook load
 * (profiled with the bench). Kysely produces the same SQL text for the same query shape, so statements
 * are prepared once and reused.
 */
function withStatementCache(raw: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    prepare(sql: string) {
      let statement = cache.get(sql)
      if (!statement) {
        statement = raw.prepare(sql)
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
        cache.set(sql, statement)
      }
      return statement
    },
    close() {
      cache.clear()
      raw.close()
    },
  }
}

/**
 * The database holds tokens and personal data: its folder is 0700 and its files 0600, also for installs
 * made before this rule. SQLite creates the -wal and -shm files with the database file's mode.
 */
function keepPrivate(file: string): void {
  const folder = dirname(file)
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 })
  // The working directory may be shared (sqlite:leadrelay.db): only a folder of its own is tightened.
  else if (folder !== process.cwd() && (statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700)
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  }
}
