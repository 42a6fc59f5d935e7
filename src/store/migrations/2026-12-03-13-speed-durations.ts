import { type Kysely, SqliteAdapter, sql } from 'kysely'

const EVENTS = [
  ['alerted_at', 'alert_business_ms'],
  ['acked_at', 'ack_business_ms'],
  ['contacted_at', 'contact_business_ms'],
] as const

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  // Speed-to-lead computed every lead's business-hours durations at request time (≈ 70 ms of 100,000 leads'
  // 300). Each event's figure is now stored: the owner's working time from submitted to the event, in ms,
  // negative when the event is before submission (a clock behind LinkedIn's). Every duration the report prints is
  // a difference of two of these, clamped at 0. Wall-clock durations need no column: they are differences of the
  // indexed times. The figures need the configured hours, which a migration does not know: they stay NULL here
  // and the store fills them (fillSpeedDurations) when the event is recorded and, for older leads, at start.
  for (const [, column] of EVENTS) await db.schema.alterTable('leads').addColumn(column, 'bigint').execute()
  // And the lead's whole speed record as the report reads it, `+alert,+ack,+contact,alertB,ackB,contactB` (times
  // since submitted, empty when none): building that text in SQL for 100,000 leads cost 75 of the query's 105 ms.
  await db.schema.alterTable('leads').addColumn('speed_record', 'text').execute()

  // A figure measured up to a time that has since moved is wrong: the database forgets it in the statement that
  // moves the time, whoever runs it, and the report computes it again until the store has filled it anew.
  if (sqlite) {
    for (const [time, column] of EVENTS)
      await sql`CREATE TRIGGER ${sql.raw(`leads_${column}_stale`)} AFTER UPDATE OF submitted_at, ${sql.raw(time)} ON leads
        WHEN NEW.${sql.raw(time)} IS NOT OLD.${sql.raw(time)} OR NEW.submitted_at IS NOT OLD.submitted_at
        BEGIN UPDATE leads SET ${sql.raw(column)} = NULL, speed_record = NULL WHERE id = NEW.id; END`.execute(db)
  } else {
    const forget = EVENTS.map(
      ([time, column]) =>
        `IF NEW.${time} IS DISTINCT FROM OLD.${time} OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at THEN
          NEW.${column} := NULL;
          NEW.speed_record := NULL;
        END IF;`,
    ).join('\n')
    await sql`CREATE FUNCTION leads_speed_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${sql.raw(forget)} RETURN NEW; END $$`.execute(db)
    await sql`CREATE TRIGGER leads_speed_stale BEFORE UPDATE OF submitted_at, alerted_at, acked_at, contacted_at
      ON leads FOR EACH ROW EXECUTE FUNCTION leads_speed_stale()`.execute(db)
  }

  // The report index again, with the speed record (the report reads nothing else from the table).
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
      'speed_record',
    ])
    .execute()
}
