import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ops_alerts')
    // One open alert per key: an outage that lasts is one message, not one per check.
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('raised_at', 'bigint', (col) => col.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute()
}
