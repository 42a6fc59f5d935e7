import type { Kysely, Transaction } from 'kysely'
import type { Database } from './database.js'

/** What every repository function takes: the store's database or a transaction the caller opened. */
export type Executor = Kysely<Database> | Transaction<Database>
