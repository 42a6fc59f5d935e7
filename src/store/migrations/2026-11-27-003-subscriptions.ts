import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()

  await db.schema
    .createTable('subscriptions')
    // LinkedIn's subscription id (x-restli-id).
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('lead_type', 'text', (col) => col.notNull())
    .addColumn('versioned_form', 'text')
    .addColumn('webhook', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('removed_at', 'bigint')
    .execute()

  await db.schema
    .createTable('challenges')
    .addColumn('id', sqlite ? 'integer' : 'bigint', id)
    .addColumn('at', 'bigint', (col) => col.notNull())
    // 'answered', 'refused' (not a UUID), 'not-configured'
    .addColumn('outcome', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('challenges_at').on('challenges').column('at').execute()
}
