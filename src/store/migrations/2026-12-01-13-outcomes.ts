import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, type] of [
    // What became of the lead: the current stage, when and by whom it was set.
    ['outcome', 'text'],
    ['outcome_at', 'bigint'],
    ['outcome_by', 'text'],
    ['disqualify_reason', 'text'],
    ['won_amount', 'double precision'],
    ['won_currency', 'text'],
    // Firsts that reports measure and later changes must not move: the earliest contact, the first time qualified.
    ['contacted_at', 'bigint'],
    ['qualified_at', 'bigint'],
  ] as const) {
    await db.schema.alterTable('leads').addColumn(column, type).execute()
  }
  // Reports select leads by LinkedIn's submit time.
  await db.schema.createIndex('leads_submitted').on('leads').columns(['submitted_at']).execute()
  // Time to alert is the first delivered new-lead alert per lead: this index answers it without the table.
  await db.schema
    .createIndex('deliveries_lead_kind_delivered')
    .on('deliveries')
    .columns(['lead_id', 'kind', 'state', 'channel', 'delivered_at'])
    .execute()
}
