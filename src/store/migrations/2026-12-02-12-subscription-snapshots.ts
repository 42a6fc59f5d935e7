import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscription_snapshots')
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('lead_type', 'text', (col) => col.notNull())
    .addColumn('fetched_at', 'bigint')
    .addColumn('elements', 'text')
    .addColumn('checked_at', 'bigint', (col) => col.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('subscription_snapshots_pk', ['owner', 'lead_type'])
    .execute()
  // One row: LinkedIn's developerWebhooks answer covers every webhook URL of the app, not one owner.
  await db.schema
    .createTable('webhook_status_snapshots')
    .addColumn('source', 'text', (col) => col.primaryKey())
    .addColumn('fetched_at', 'bigint')
    .addColumn('elements', 'text')
    .addColumn('checked_at', 'bigint', (col) => col.notNull())
    .addColumn('error', 'text')
    .execute()
}
