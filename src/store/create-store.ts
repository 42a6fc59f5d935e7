import { Migrator, sql } from 'kysely'
import type { Config } from '../config/index.js'
import { createValueCipher } from '../util/index.js'
import { openSqliteStore } from './dialects/sqlite.js'
import { migrationProvider } from './migrations/index.js'
import { PersonalDataPlugin } from './personal-data.js'
import { sealPlaintextPersonalData } from './seal-personal-data.js'
import { type BusinessTime, fillSpeedDurations } from './speed-durations.js'
import type { Store } from './store.js'

export interface StoreOptions {
  readonly url: string
  readonly sqliteSynchronous: Config['database']['sqliteSynchronous']
  readonly postgresPoolSize: number
  readonly commitTimeoutMs: number
  /** PostgreSQL only: the schema to use (tests). */
  readonly schema?: string
  /** ENCRYPT_PERSONAL_DATA and its key; sealed values are read back whenever the key is given. */
  readonly personalData?: { readonly secretKey?: string | undefined; readonly encryptPersonalData: boolean }
  /** The owners' working hours: with them, the store keeps each lead's business-hours speed figures. */
  readonly businessTime?: BusinessTime
}

/** Opens the store the URL names; migrations are a separate step (`migrateStore`). */
export async function createStore(options: StoreOptions): Promise<Store> {
  const { secretKey, encryptPersonalData = false } = options.personalData ?? {}
  if (encryptPersonalData && !secretKey)
    throw new Error('ENCRYPT_PERSONAL_DATA=true needs LEADRELAY_SECRET_KEY, the key personal data is encrypted with')
  const opened = await openStore(options)
  const store = options.businessTime ? { ...opened, businessTime: options.businessTime } : opened
  if (!secretKey) return store
  const plugin = new PersonalDataPlugin(createValueCipher(secretKey), encryptPersonalData)
  return { ...store, db: store.db.withPlugin(plugin), personalDataEncrypted: encryptPersonalData }
}

async function openStore(options: StoreOptions): Promise<Store> {
  if (options.url.startsWith('sqlite:')) {
    return openSqliteStore({
      path: options.url.slice('sqlite:'.length),
      synchronous: options.sqliteSynchronous,
      commitTimeoutMs: options.commitTimeoutMs,
    })
  }
  // Loaded only for PostgreSQL: pg is a tenth of the modules a SQLite start would otherwise read.
  const { openPostgresStore } = await import('./dialects/postgres.js')
  return openPostgresStore({
    url: options.url,
    poolSize: options.postgresPoolSize,
    commitTimeoutMs: options.commitTimeoutMs,
    ...(options.schema ? { schema: options.schema } : {}),
  })
}

/**
 * Applies every pending forward-only migration, then (ENCRYPT_PERSONAL_DATA on) encrypts personal values
 * still stored in plaintext and (working hours given) fills missing speed figures; returns the names applied now.
 */
export async function migrateStore(store: Store): Promise<string[]> {
  // Kysely looks for its migration tables in every schema unless told one: with suites (or tenants) in
  // their own schemas on one server, it then saw another schema's table and skipped creating its own.
  const schema =
    store.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
      : undefined
  const migrator = new Migrator({
    db: store.db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error })
  await sealPlaintextPersonalData(store.db)
  // Leads stored before the figures existed (or by a store without working hours) get them now.
  if (store.businessTime) await fillSpeedDurations(store.db, store.businessTime)
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
