import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from '../database.js'
import { createJobSignal } from '../job-signal.js'
import type { Store } from '../store.js'
import { createPostgresInbox, JOBS_CHANNEL } from './postgres-inbox.js'

export interface PostgresOptions {
  readonly url: string
  readonly poolSize: number
  readonly commitTimeoutMs: number
  /** Tables live in this schema (tests give each suite its own). */
  readonly schema?: string
}

const INT8_OID = 20

// Every bigint here is an epoch-ms time or an id, both far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const connection = {
    connectionString: options.url,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  }
  const pool = new pg.Pool({ ...connection, max: options.poolSize })
  const signal = createJobSignal()
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

  // A dedicated connection hears job notifications committed by any process of the fleet.
  const listener = new pg.Client(connection)
  listener.on('notification', () => signal.notify())
  listener.on('error', () => {})
  await listener.connect()
  await listener.query(`LISTEN ${JOBS_CHANNEL}`)

  return {
    dialect: 'postgres',
    db,
    capabilities: { skipLocked: true, rowLocks: true },
    inbox: createPostgresInbox(db, { commitTimeoutMs: options.commitTimeoutMs, onCommitted: () => {} }),
    personalDataEncrypted: false,
    settings: {
      dialect: 'postgres',
      poolSize: options.poolSize,
      synchronousCommit: 'on',
      ...(options.schema ? { schema: options.schema } : {}),
    },
    notifyJobs: signal.notify,
    onJobs: signal.subscribe,
    async afterErasure() {},
    async ping() {
      await pool.query('select 1')
    },
    async close() {
      await listener.end().catch(() => {})
      await db.destroy()
    },
  }
}
