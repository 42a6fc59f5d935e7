import type { Kysely, Transaction, Updateable } from 'kysely'
import type { Database } from './database.js'
import { addTimeline } from './lead-timeline-repository.js'
import type {
  EnrolmentRow,
  EnrolmentState,
  SequenceEnrolmentTable,
  SequenceStepTable,
  StepRow,
  StepState,
} from './sequence-tables.js'

// The store exports this module as one namespace, sequencesRepository; these files hold its other parts.
export * from './email-suppressions-repository.js'
export * from './mailbox-states-repository.js'
export * from './sequence-replies-repository.js'

type Executor = Kysely<Database> | Transaction<Database>

/** Steps a stop cancels: everything not yet carried out. */
const OPEN_STEPS: readonly StepState[] = ['pending', 'due', 'awaiting-approval']

export async function insertEnrolment(
  db: Executor,
  row: Omit<SequenceEnrolmentTable, 'id' | 'stop_reason' | 'paused_until' | 'lead_email_hash'>,
): Promise<number | undefined> {
  const inserted = await db
    .insertInto('sequence_enrolments')
    .values({ ...row, stop_reason: null, paused_until: null })
    .onConflict((oc) => oc.column('lead_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted ? Number(inserted.id) : undefined
}

export async function insertSteps(
  db: Executor,
  rows: readonly Pick<SequenceStepTable, 'enrolment_id' | 'step_id' | 'position' | 'type' | 'state' | 'due_at'>[],
): Promise<void> {
  if (rows.length === 0) return
  await db
    .insertInto('sequence_steps')
    .values(
      rows.map((r) => ({
        ...r,
        done_at: null,
        message_id: null,
        smtp_accepted_at: null,
        subject: null,
        body: null,
        draft_source: null,
        draft_model: null,
        prompt_version: null,
        outcome: null,
        detail: null,
      })),
    )
    .execute()
}

export async function getEnrolment(db: Executor, id: number): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('sequence_enrolments').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function getEnrolmentByLead(db: Executor, leadId: string): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('sequence_enrolments').selectAll().where('lead_id', '=', leadId).executeTakeFirst()
}

export async function getSteps(db: Executor, enrolmentId: number): Promise<StepRow[]> {
  return db
    .selectFrom('sequence_steps')
    .selectAll()
    .where('enrolment_id', '=', enrolmentId)
    .orderBy('position')
    .execute()
}

export async function getStep(db: Executor, enrolmentId: number, stepId: string): Promise<StepRow | undefined> {
  return db
    .selectFrom('sequence_steps')
    .selectAll()
    .where('enrolment_id', '=', enrolmentId)
    .where('step_id', '=', stepId)
    .executeTakeFirst()
}

/** Updates a step; with `from`, only while it is in one of those states. True when a row changed. */
export async function updateStep(
  db: Executor,
  enrolmentId: number,
  stepId: string,
  patch: Updateable<SequenceStepTable>,
  from?: readonly StepState[],
): Promise<boolean> {
  let query = db
    .updateTable('sequence_steps')
    .set(patch)
    .where('enrolment_id', '=', enrolmentId)
    .where('step_id', '=', stepId)
  if (from) query = query.where('state', 'in', [...from])
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function updateEnrolment(
  db: Executor,
  id: number,
  patch: Updateable<SequenceEnrolmentTable>,
  from?: readonly EnrolmentState[],
): Promise<boolean> {
  let query = db.updateTable('sequence_enrolments').set(patch).where('id', '=', id)
  if (from) query = query.where('state', 'in', [...from])
  const result = await query.executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Stops a running (or paused) enrolment and cancels its open steps; false when it had ended already. */
export async function stopEnrolment(db: Executor, id: number, reason: string, at: number): Promise<boolean> {
  const stopped = await updateEnrolment(db, id, { state: 'stopped', stop_reason: reason, updated_at: at }, [
    'active',
    'paused',
  ])
  if (!stopped) return false
  await db
    .updateTable('sequence_steps')
    .set({ state: 'skipped', done_at: at, detail: `sequence stopped: ${reason}` })
    .where('enrolment_id', '=', id)
    .where('state', 'in', [...OPEN_STEPS])
    .execute()
  return true
}

/** LinkedIn DELETED: the sequence stops and every copy of the lead's personal data here is erased. */
export async function eraseForLead(db: Executor, leadId: string, at: number): Promise<void> {
  const enrolment = await getEnrolmentByLead(db, leadId)
  if (enrolment) {
    if (await stopEnrolment(db, enrolment.id, 'lead deleted', at))
      await addTimeline(db, leadId, 'sequence-stopped', at, `${enrolment.sequence}: lead deleted`)
    await updateEnrolment(db, enrolment.id, { lead_email: null, lead_email_hash: null, updated_at: at })
    await db
      .updateTable('sequence_steps')
      .set({ subject: null, body: null })
      .where('enrolment_id', '=', enrolment.id)
      .execute()
  }
  await db
    .updateTable('sequence_replies')
    .set({ from_address: null, subject: null, snippet: null })
    .where('lead_id', '=', leadId)
    .execute()
}

/** Per sequence: enrolled, active, replied, unsubscribed, bounced. */
export async function sequenceCounts(db: Executor) {
  const rows = await db
    .selectFrom('sequence_enrolments')
    .select(['sequence', 'state', 'stop_reason', db.fn.countAll<number>().as('n')])
    .groupBy(['sequence', 'state', 'stop_reason'])
    .execute()
  const counts = new Map<
    string,
    { enrolled: number; active: number; replied: number; unsubscribed: number; bounced: number }
  >()
  for (const row of rows) {
    const entry = counts.get(row.sequence) ?? { enrolled: 0, active: 0, replied: 0, unsubscribed: 0, bounced: 0 }
    const n = Number(row.n)
    entry.enrolled += n
    if (row.state === 'active' || row.state === 'paused') entry.active += n
    if (row.stop_reason === 'replied') entry.replied += n
    if (row.stop_reason === 'unsubscribed') entry.unsubscribed += n
    if (row.stop_reason === 'bounced') entry.bounced += n
    counts.set(row.sequence, entry)
  }
  return counts
}
