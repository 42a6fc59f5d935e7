import { type Kysely, SqliteAdapter, sql } from 'kysely'

/** The lead's first notification that names an associatedEntity: what the reports call its campaign. */
const FIRST_ENTITY = (lead: string) =>
  sql.raw(`(SELECT e.associated_entity FROM events e
  WHERE e.lead_id = ${lead} AND e.associated_entity IS NOT NULL ORDER BY e.id LIMIT 1)`)

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  // Grouping by rule read the routing JSON of every lead, and by campaign looked up each lead's events: over
  // 100,000 leads, 0.7–1 s of table reads that the report index could not serve. Both keys become columns of it.
  // The rule is computed by the database from the stored routing, so nothing that writes routing changes.
  if (sqlite)
    await sql`ALTER TABLE leads ADD COLUMN routing_rule TEXT GENERATED ALWAYS AS (
        CASE WHEN json_valid(routing) THEN json_extract(routing, '$.decision.ruleName') END) VIRTUAL`.execute(db)
  else
    await sql`ALTER TABLE leads ADD COLUMN routing_rule text GENERATED ALWAYS AS (
        (routing::jsonb #>> '{decision,ruleName}')) STORED`.execute(db)

  // The campaign comes from the events table, which a generated column cannot read: triggers keep it, in the
  // transaction that writes the event or the lead (a notification usually arrives before its lead exists).
  await db.schema.alterTable('leads').addColumn('associated_entity', 'text').execute()
  if (sqlite) {
    await sql`CREATE TRIGGER events_entity_insert AFTER INSERT ON events WHEN NEW.lead_id IS NOT NULL
      BEGIN UPDATE leads SET associated_entity = ${FIRST_ENTITY('NEW.lead_id')} WHERE id = NEW.lead_id; END`.execute(db)
    await sql`CREATE TRIGGER events_entity_update AFTER UPDATE OF lead_id, associated_entity ON events
      BEGIN
        UPDATE leads SET associated_entity = ${FIRST_ENTITY('OLD.lead_id')} WHERE id = OLD.lead_id;
        UPDATE leads SET associated_entity = ${FIRST_ENTITY('NEW.lead_id')} WHERE id = NEW.lead_id;
      END`.execute(db)
    await sql`CREATE TRIGGER events_entity_delete AFTER DELETE ON events WHEN OLD.lead_id IS NOT NULL
      BEGIN UPDATE leads SET associated_entity = ${FIRST_ENTITY('OLD.lead_id')} WHERE id = OLD.lead_id; END`.execute(db)
    await sql`CREATE TRIGGER leads_entity_insert AFTER INSERT ON leads
      BEGIN UPDATE leads SET associated_entity = ${FIRST_ENTITY('NEW.id')} WHERE id = NEW.id; END`.execute(db)
  } else {
    await sql`CREATE FUNCTION events_entity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' AND OLD.lead_id IS NOT NULL THEN
          UPDATE leads SET associated_entity = ${FIRST_ENTITY('OLD.lead_id')} WHERE id = OLD.lead_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.lead_id IS NOT NULL THEN
          UPDATE leads SET associated_entity = ${FIRST_ENTITY('NEW.lead_id')} WHERE id = NEW.lead_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db)
    await sql`CREATE TRIGGER events_entity AFTER INSERT OR DELETE OR UPDATE OF lead_id, associated_entity ON events
      FOR EACH ROW EXECUTE FUNCTION events_entity()`.execute(db)
    await sql`CREATE FUNCTION leads_entity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.associated_entity := ${FIRST_ENTITY('NEW.id')}; RETURN NEW; END $$`.execute(db)
    await sql`CREATE TRIGGER leads_entity BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION leads_entity()`.execute(
      db,
    )
  }
  await sql`UPDATE leads SET associated_entity = ${FIRST_ENTITY('leads.id')}`.execute(db)

  // The report index again, with the two keys; `id` is not needed (reports never read it from this scan).
  await db.schema.dropIndex('leads_report').execute()
  await db.schema
    .createIndex('leads_report')
    .on('leads')
    .columns([
      'submitted_at',
      'test',
      'owner_id',
      'lead_type',
      'form_id',
      'routing_rule',
      'associated_entity',
      'alerted_at',
      'acked_at',
      'contacted_at',
      'qualified_at',
      'outcome',
      'won_amount',
      'won_currency',
      'disqualify_reason',
      'priority',
    ])
    .execute()
}
