import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely'

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow today's types
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter
  const id = (col: ColumnDefinitionBuilder) =>
    sqlite ? col.primaryKey().autoIncrement() : col.primaryKey().generatedByDefaultAsIdentity()

  await db.schema
    .createTable('sequence_enrolments')
    .addColumn('id', sqlite ? 'integer' : 'bigint', id)
    // One sequence per lead: the first that matches, once.
    .addColumn('lead_id', 'text', (col) => col.notNull().unique())
    .addColumn('sequence', 'text', (col) => col.notNull())
    .addColumn('owner_id', 'text', (col) => col.notNull())
    // Personal data: erased with the lead.
    .addColumn('lead_email', 'text')
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('stop_reason', 'text')
    .addColumn('paused_until', 'bigint')
    .addColumn('enrolled_at', 'bigint', (col) => col.notNull())
    .addColumn('updated_at', 'bigint', (col) => col.notNull())
    .execute()
  await db.schema
    .createIndex('sequence_enrolments_state')
    .on('sequence_enrolments')
    .columns(['state', 'owner_id'])
    .execute()

  await db.schema
    .createTable('sequence_steps')
    .addColumn('enrolment_id', 'bigint', (col) => col.notNull())
    .addColumn('step_id', 'text', (col) => col.notNull())
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('done_at', 'bigint')
    // Derived from the step's job key; replies are matched by it.
    .addColumn('message_id', 'text', (col) => col.unique())
    // Recorded the moment the SMTP server accepted the message, before anything is settled.
    .addColumn('smtp_accepted_at', 'bigint')
    // The e-mail or task text as it will go (personal data: erased with the lead).
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('draft_source', 'text')
    .addColumn('draft_model', 'text')
    .addColumn('prompt_version', 'text')
    .addColumn('outcome', 'text')
    .addColumn('detail', 'text')
    .addPrimaryKeyConstraint('sequence_steps_pk', ['enrolment_id', 'step_id'])
    .execute()

  await db.schema
    .createTable('sequence_replies')
    .addColumn('id', sqlite ? 'integer' : 'bigint', id)
    .addColumn('enrolment_id', 'bigint')
    .addColumn('lead_id', 'text')
    .addColumn('mailbox', 'text', (col) => col.notNull())
    .addColumn('message_id', 'text', (col) => col.notNull())
    // reply | auto-reply | out-of-office | bounce
    .addColumn('kind', 'text', (col) => col.notNull())
    // Personal data below: erased with the lead.
    .addColumn('from_address', 'text')
    .addColumn('subject', 'text')
    .addColumn('snippet', 'text')
    .addColumn('received_at', 'bigint', (col) => col.notNull())
    .addUniqueConstraint('sequence_replies_message', ['mailbox', 'message_id'])
    .execute()
  await db.schema.createIndex('sequence_replies_received').on('sequence_replies').columns(['received_at']).execute()

  await db.schema
    .createTable('email_suppressions')
    .addColumn('address', 'text', (col) => col.primaryKey())
    // unsubscribed | bounced
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('at', 'bigint', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('mailbox_states')
    .addColumn('mailbox', 'text', (col) => col.primaryKey())
    .addColumn('uid_validity', 'text')
    .addColumn('last_uid', 'bigint', (col) => col.notNull().defaultTo(0))
    // Throttling: the earliest next send (minGapSeconds) and the count for the mailbox's local day (dailyLimit).
    .addColumn('next_send_at', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('day', 'text')
    .addColumn('sent_today', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()
}
