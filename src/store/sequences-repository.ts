import { type Kysely, sql, type Transaction, type Updateable } from 'kysely'
import type { Database } from './database.js'
import { addTimeline } from './leads-repository.js'
import { emailHashFor, normalizeEmailKey } from './personal-data.js'
import type {
  EnrolmentRow,
  EnrolmentState,
  ReplyKind,
  ReplyRow,
  SequenceEnrolmentTable,
  SequenceStepTable,
  StepRow,
  StepState,
} from './sequence-tables.js'

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

/** The steps (with their enrolment) that sent any of these Message-IDs. */
export async function stepsByMessageIds(db: Executor, messageIds: readonly string[]) {
  if (messageIds.length === 0) return []
  return db
    .selectFrom('sequence_steps')
    .innerJoin('sequence_enrolments', 'sequence_enrolments.id', 'sequence_steps.enrolment_id')
    .select(['sequence_steps.enrolment_id', 'sequence_steps.step_id', 'sequence_steps.message_id'])
    .select(['sequence_enrolments.lead_id', 'sequence_enrolments.owner_id', 'sequence_enrolments.state'])
    .where('sequence_steps.message_id', 'in', [...messageIds])
    .execute()
}

/** The newest enrolment of this owner for a lead with this address (for replies that lost their headers). */
export async function enrolmentByLeadEmail(db: Executor, ownerIds: readonly string[], email: string) {
  if (ownerIds.length === 0) return undefined
  return db
    .selectFrom('sequence_enrolments')
    .selectAll()
    .where('owner_id', 'in', [...ownerIds])
    .where((eb) => {
      const hash = emailHashFor(db, email)
      return hash ? eb('lead_email_hash', '=', hash) : eb('lead_email', '=', normalizeEmailKey(email))
    })
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

export async function insertReply(db: Executor, reply: Omit<ReplyRow, 'id'>): Promise<boolean> {
  const result = await db
    .insertInto('sequence_replies')
    .values(reply)
    .onConflict((oc) => oc.columns(['mailbox', 'message_id']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Every reply, newest first, with the lead's owner and sequence beside it (the inbox). */
export async function listReplies(
  db: Executor,
  options: { readonly limit: number; readonly kinds?: ReplyKind[]; readonly ownerId?: string },
) {
  let query = db
    .selectFrom('sequence_replies')
    .leftJoin('sequence_enrolments', 'sequence_enrolments.id', 'sequence_replies.enrolment_id')
    .selectAll('sequence_replies')
    .select(['sequence_enrolments.sequence', 'sequence_enrolments.owner_id'])
    .orderBy('sequence_replies.received_at', 'desc')
    .orderBy('sequence_replies.id', 'desc')
    .limit(options.limit)
  if (options.kinds) query = query.where('sequence_replies.kind', 'in', options.kinds)
  if (options.ownerId) query = query.where('sequence_enrolments.owner_id', '=', options.ownerId)
  return query.execute()
}

export async function repliesForLead(db: Executor, leadId: string): Promise<ReplyRow[]> {
  return db
    .selectFrom('sequence_replies')
    .selectAll()
    .where('lead_id', '=', leadId)
    .orderBy('received_at', 'desc')
    .execute()
}

export async function suppress(db: Executor, address: string, reason: string, at: number): Promise<void> {
  await db
    .insertInto('email_suppressions')
    .values({ address: suppressionKey(db, address), reason, at })
    .onConflict((oc) => oc.column('address').doNothing())
    .execute()
}

export async function suppression(db: Executor, address: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('email_suppressions')
    .select('reason')
    .where('address', 'in', [...new Set([suppressionKey(db, address), normalizeEmailKey(address)])])
    .executeTakeFirst()
  return row?.reason
}

/**
 * The suppression list only answers "is this address on it?", so with personal data encrypted it keeps
 * the keyed hash, marked `hmac:` (rows from before stay readable: `suppression` also tries the address).
 */
function suppressionKey(db: Executor, address: string): string {
  const hash = emailHashFor(db, address)
  return hash ? `hmac:${hash}` : normalizeEmailKey(address)
}

export async function mailboxCursor(db: Executor, mailbox: string) {
  return db.selectFrom('mailbox_states').selectAll().where('mailbox', '=', mailbox).executeTakeFirst()
}

async function ensureMailbox(db: Executor, mailbox: string) {
  await db
    .insertInto('mailbox_states')
    .values({ mailbox, uid_validity: null, last_uid: 0, next_send_at: 0, day: null, sent_today: 0 })
    .onConflict((oc) => oc.column('mailbox').doNothing())
    .execute()
}

export async function setMailboxCursor(db: Executor, mailbox: string, uidValidity: string, lastUid: number) {
  await ensureMailbox(db, mailbox)
  await db
    .updateTable('mailbox_states')
    .set({ uid_validity: uidValidity, last_uid: lastUid })
    .where('mailbox', '=', mailbox)
    .execute()
}

/**
 * Takes the mailbox's next send slot if it is free now and today's limit is not reached (across every
 * worker: the update is conditional). Otherwise says when to look again.
 */
export async function claimMailboxSlot(
  db: Executor,
  mailbox: string,
  options: { readonly now: number; readonly day: string; readonly gapMs: number; readonly dailyLimit: number },
): Promise<{ readonly ok: true } | { readonly ok: false; readonly why: 'gap' | 'daily-limit'; readonly at?: number }> {
  await ensureMailbox(db, mailbox)
  const { now, day, gapMs, dailyLimit } = options
  const result = await db
    .updateTable('mailbox_states')
    .set({
      next_send_at: now + gapMs,
      sent_today: sql`CASE WHEN day = ${day} THEN sent_today + 1 ELSE 1 END`,
      day,
    })
    .where('mailbox', '=', mailbox)
    .where('next_send_at', '<=', now)
    .where((eb) => eb.or([eb('day', 'is', null), eb('day', '!=', day), eb('sent_today', '<', dailyLimit)]))
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 1) return { ok: true }
  const row = await mailboxCursor(db, mailbox)
  if (row && row.next_send_at > now) return { ok: false, why: 'gap', at: Number(row.next_send_at) }
  return { ok: false, why: 'daily-limit' }
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
