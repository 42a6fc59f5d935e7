import { chmodSync, closeSync, existsSync, fdatasync, mkdirSync, openSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { promisify } from 'node:util'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../database.js'
import { createJobSignal } from '../job-signal.js'
import type { Store } from '../store.js'
import { startCheckpointer } from './sqlite-checkpointer.js'
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
  // opens, so it is set here. Every commit on this connection is NORMAL (no fsync on the event loop):
  // in WAL mode that survives a crashed process. What a 2xx promises gets more: with FULL (the default)
  // the inbox answers only after an fdatasync of the WAL has covered its commit, which also makes every
  // earlier commit durable; NORMAL skips that, and a power loss may then lose the last commits.
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

  // Checkpoints run in a thread of their own (a file database only: memory has no WAL).
  const checkpointer = memory
    ? undefined
    : startCheckpointer(file, {
        onError: (message) => process.emitWarning(`SQLite checkpoint failed: ${message}`),
        onLost: () => raw.open && raw.pragma('wal_autocheckpoint = 1000'),
      })
  if (checkpointer) raw.pragma('wal_autocheckpoint = 0')
  const walSync = memory || options.synchronous !== 'FULL' ? undefined : syncerFor(`${file}-wal`)
  const signal = createJobSignal()
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) })
  return {
    dialect: 'sqlite',
    db,
    capabilities: { skipLocked: false, rowLocks: false },
    inbox: createSqliteInbox(raw, {
      commitTimeoutMs: options.commitTimeoutMs,
      syncWal: walSync?.sync,
      onCommitted: signal.notify,
    }),
    personalDataEncrypted: false,
    settings: {
      dialect: 'sqlite',
      file,
      journalMode: String(raw.pragma('journal_mode', { simple: true })),
      synchronous:
        options.synchronous === 'FULL'
          ? 'NORMAL commits; acknowledged events wait for an fdatasync of the WAL (as FULL)'
          : 'NORMAL',
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
      await checkpointer?.stop()
      await db.destroy()
      walSync?.close()
    },
  }
}

const fdatasyncAsync = promisify(fdatasync)

/**
 * fdatasync of the WAL on libuv's thread pool. The descriptor is opened once: SQLite keeps the WAL file
 * (same inode, restarted or truncated in place) for as long as this connection is open, so syncing it
 * syncs what SQLite wrote through its own descriptor.
 */
function syncerFor(walFile: string) {
  let fd: number | undefined
  return {
    async sync() {
      fd ??= openSync(walFile, 'r')
      await fdatasyncAsync(fd)
    },
    close() {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
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
