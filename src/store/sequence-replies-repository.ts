import type { Executor } from './executor.js'
import { emailHashFor, normalizeEmailKey } from './personal-data.js'
import type { ReplyKind, ReplyRow } from './sequence-tables.js'

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
