import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * Leads stored before the campaign column existed: the campaign from the same place new leads take it (the
 * response's sponsoredLeadMetadata.campaign), read from the raw response kept with each lead. Erased leads
 * have no raw response left and stay without one. Running it again changes nothing.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const campaign = sqlite
    ? sql`json_extract(raw_response, '$.leadMetadata.sponsoredLeadMetadata.campaign')`
    : sql`(raw_response::jsonb #>> '{leadMetadata,sponsoredLeadMetadata,campaign}')`
  await sql`UPDATE leads SET campaign = ${campaign}
    WHERE campaign IS NULL AND raw_response IS NOT NULL AND raw_response LIKE '{%'`.execute(db)
}
