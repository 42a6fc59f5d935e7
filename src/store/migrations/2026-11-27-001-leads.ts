import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()
  const idType = sqlite ? ('integer' as const) : ('bigint' as const)

  await db.schema
    .createTable('leads')
    // LinkedIn's lead (form response) id: one row per lead, whatever reached us first.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('urn', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('lead_type', 'text')
    .addColumn('form_id', 'text')
    .addColumn('form_version', 'integer')
    .addColumn('owner', 'text')
    .addColumn('submitted_at', 'bigint')
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addColumn('test', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('source', 'text', (col) => col.notNull())
    // Personal data: JSON text, erased on deletion.
    .addColumn('fields', 'text')
    .addColumn('custom_answers', 'text')
    .addColumn('consents', 'text')
    .addColumn('hidden_fields', 'text')
    .addColumn('raw_response', 'text')
    .addColumn('search_text', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('fetched_at', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('leads_received').on('leads').columns(['received_at', 'id']).execute()

  await db.schema
    .createTable('lead_timeline')
    .addColumn('id', idType, id)
    .addColumn('lead_id', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    // Never personal data: ids, counts, reasons.
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('lead_timeline_lead').on('lead_timeline').columns(['lead_id', 'id']).execute()

  await db.schema
    .createTable('lead_forms')
    .addColumn('form_id', 'text', (col) => col.notNull())
    .addColumn('version', 'integer', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('lead_forms_pk', ['form_id', 'version'])
    .execute()

  await db.schema
    .createTable('linkedin_tokens')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('access_token', 'text', (col) => col.notNull())
    .addColumn('access_expires_at', 'bigint')
    .addColumn('refresh_token', 'text')
    .addColumn('refresh_expires_at', 'bigint')
    .addColumn('scope', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('last_refresh_at', 'bigint')
    .addColumn('last_refresh_error', 'text')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'text', (col) => col.primaryKey())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_at', 'bigint')
    .execute()

  await db.schema
    .createTable('downstream_deletions')
    .addColumn('lead_id', 'text', (col) => col.notNull())
    .addColumn('destination', 'text', (col) => col.notNull())
    .addColumn('requested_at', 'bigint', (col) => col.notNull())
    .addColumn('done_at', 'bigint')
    .addPrimaryKeyConstraint('downstream_deletions_pk', ['lead_id', 'destination'])
    .execute()
}
