import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()
  await db.schema
    .createTable('pulls')
    .addColumn('id', sqlite ? 'integer' : 'bigint', id)
    // 'backfill' (first subscription, or by hand) or 'reconcile' (the daily pull backup)
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('lead_type', 'text', (col) => col.notNull())
    .addColumn('since', 'bigint', (col) => col.notNull())
    .addColumn('until', 'bigint', (col) => col.notNull())
    // The resume point: the window being read and the offset in it. A crash resumes here.
    .addColumn('window_start', 'bigint', (col) => col.notNull())
    .addColumn('page_start', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('linkedin_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('held', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('recovered', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .execute()
}
