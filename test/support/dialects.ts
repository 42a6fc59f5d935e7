import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createStore, migrateStore, type Store, type StoreOptions } from '../../src/store/index.js'

export interface DialectUnderTest {
  readonly name: 'sqlite' | 'postgres'
  /** A fresh, migrated, empty store; `cleanup` closes it and removes what it created. */
  /** `migrate: false` leaves the schema empty, for tests of a migration. */
  open(options?: {
    commitTimeoutMs?: number
    migrate?: boolean
    personalData?: StoreOptions['personalData']
  }): Promise<{ store: Store; cleanup: () => Promise<void> }>
}

const sqlite: DialectUnderTest = {
  name: 'sqlite',
  async open(options = {}) {
    const store = await createStore({
      url: 'sqlite::memory:',
      sqliteSynchronous: 'FULL',
      postgresPoolSize: 1,
      commitTimeoutMs: options.commitTimeoutMs ?? 2000,
      ...(options.personalData ? { personalData: options.personalData } : {}),
    })
    if (options.migrate !== false) await migrateStore(store)
    return { store, cleanup: () => store.close() }
  },
}

function postgres(url: string): DialectUnderTest {
  return {
    name: 'postgres',
    async open(options = {}) {
      // Each suite gets its own schema, so test files can run side by side on one server.
      const schema = `test_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      const store = await createStore({
        url,
        schema,
        sqliteSynchronous: 'FULL',
        postgresPoolSize: 4,
        commitTimeoutMs: options.commitTimeoutMs ?? 2000,
        ...(options.personalData ? { personalData: options.personalData } : {}),
      })
      if (options.migrate !== false) await migrateStore(store)
      return {
        store,
        cleanup: async () => {
          await store.close()
          await admin.query(`DROP SCHEMA ${schema} CASCADE`)
          await admin.end()
        },
      }
    },
  }
}

/**
 * SQLite always; PostgreSQL when TEST_DATABASE_URL is set. In CI a missing PostgreSQL is a failure,
 * never a silent skip.
 */
export function dialectsUnderTest(): DialectUnderTest[] {
  const url = process.env.TEST_DATABASE_URL
  if (!url && process.env.CI === 'true') {
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI')
  }
  return url ? [sqlite, postgres(url)] : [sqlite]
}
