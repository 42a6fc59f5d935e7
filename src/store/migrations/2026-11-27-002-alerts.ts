import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()

  for (const [column, type] of [
    ['score', 'integer'],
    ['priority', 'text'],
    ['owner_id', 'text'],
    // JSON: score contributions, the routing rule, who was skipped and why.
    ['routing', 'text'],
    ['assigned_at', 'bigint'],
    ['acked_at', 'bigint'],
    ['acked_by', 'text'],
    ['escalation_level', 'integer'],
  ] as const) {
    await db.schema.alterTable('leads').addColumn(column, type).execute()
  }
  await db.schema.createIndex('leads_owner_assigned').on('leads').columns(['owner_id', 'assigned_at']).execute()

  await db.schema
    .createTable('deliveries')
    .addColumn('id', sqlite ? 'integer' : 'bigint', id)
    .addColumn('lead_id', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) => col.notNull())
    // 'new-lead', 'escalation-1', 'escalation-2', 'delete'…
    .addColumn('kind', 'text', (col) => col.notNull())
    // lead:channel:kind: one alert per lead per channel per kind, however often the lead is processed.
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('external_id', 'text')
    .addColumn('digest_id', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('deliveries_channel_state').on('deliveries').columns(['channel', 'state', 'id']).execute()
  await db.schema.createIndex('deliveries_lead').on('deliveries').columns(['lead_id']).execute()

  await db.schema
    .createTable('channel_states')
    .addColumn('name', 'text', (col) => col.primaryKey())
    // The earliest time the next message may go out (pacing, e.g. Slack's ~1 message/s per channel).
    .addColumn('next_slot_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('disabled_at', 'bigint')
    .addColumn('disabled_reason', 'text')
    .execute()

  await db.schema
    .createTable('routing_positions')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('position', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute()
}
