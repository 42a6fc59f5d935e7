import type { Kysely } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  // With ENCRYPT_PERSONAL_DATA=true the e-mail columns are ciphertext with a random IV: exact e-mail lookups
  // (search, reply matching) compare a keyed hash instead. Null while the option is off.
  await db.schema.alterTable('leads').addColumn('email_hash', 'text').execute()
  await db.schema.createIndex('leads_email_hash').on('leads').column('email_hash').execute()
  await db.schema.alterTable('sequence_enrolments').addColumn('lead_email_hash', 'text').execute()
  await db.schema
    .createIndex('sequence_enrolments_email_hash')
    .on('sequence_enrolments')
    .columns(['owner_id', 'lead_email_hash'])
    .execute()
}
