import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const bigint = 'bigint' as const
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  // SQLite's AUTOINCREMENT never reuses an id, so cursors over events stay stable after deletions.
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()
  const idType = sqlite ? ('integer' as const) : bigint
  await db.schema
    .createTable('events')
    .addColumn('id', idType, id)
    .addColumn('dedupe_key', 'text', (col) => col.notNull().unique())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('lead_gen_form_response', 'text')
    .addColumn('lead_id', 'text')
    .addColumn('lead_action', 'text')
    .addColumn('lead_type', 'text')
    .addColumn('lead_gen_form', 'text')
    .addColumn('owner', 'text')
    .addColumn('associated_entity', 'text')
    .addColumn('occurred_at', bigint)
    .addColumn('received_at', bigint, (col) => col.notNull())
    .addColumn('raw_body', 'text')
    .addColumn('signature_variant', 'text')
    .addColumn('secret_slot', 'text')
    .addColumn('quarantine_reason', 'text')
    .addColumn('processed_at', bigint)
    .execute()
  await db.schema.createIndex('events_lead_id').on('events').column('lead_id').execute()
  await db.schema.createIndex('events_status').on('events').columns(['status', 'id']).execute()

  await db.schema
    .createTable('jobs')
    .addColumn('id', idType, id)
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('job_key', 'text', (col) => col.unique())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('run_at', bigint, (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', bigint)
    .addColumn('last_error', 'text')
    .addColumn('created_at', bigint, (col) => col.notNull())
    .addColumn('updated_at', bigint, (col) => col.notNull())
    .execute()
  await db.schema.createIndex('jobs_claimable').on('jobs').columns(['state', 'run_at', 'id']).execute()
}
