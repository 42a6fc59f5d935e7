import type { LeadRow, LeadStatus, NewLeadRow } from './database.js'
import type { Executor } from './executor.js'

// The store exports this module as one namespace, leadsRepository; these files hold its other parts.
export * from './lead-forms-repository.js'
export * from './lead-timeline-repository.js'
export * from './list-leads.js'

export async function getLead(db: Executor, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Inserts the lead unless it exists; true when this call created it. */
export async function insertLeadIfNew(db: Executor, row: NewLeadRow): Promise<boolean> {
  const result = await db
    .insertInto('leads')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

export type LeadEnrichment = Pick<
  LeadRow,
  | 'lead_type'
  | 'form_id'
  | 'form_version'
  | 'owner'
  | 'submitted_at'
  | 'test'
  | 'fields'
  | 'custom_answers'
  | 'consents'
  | 'hidden_fields'
  | 'raw_response'
  | 'search_text'
  | 'fetched_at'
> & { readonly campaign?: string | null }

/**
 * Stores what enrichment found. A deleted lead stays deleted: a CREATED that is processed after the
 * DELETED (retries, reordering) never brings personal data back. False when the lead is deleted.
 */
export async function saveEnrichment(db: Executor, id: string, values: LeadEnrichment, at: number): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ ...values, status: 'enriched', failure_reason: null, updated_at: at })
    .where('id', '=', id)
    .where('status', '!=', 'deleted')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function markLeadFailed(db: Executor, id: string, reason: string, at: number): Promise<void> {
  await db
    .updateTable('leads')
    .set({ status: 'failed', failure_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('status', 'in', ['received', 'failed'])
    .execute()
}

/** Erases every personal field and keeps a tombstone (id, form, owner, times). Idempotent. */
export async function eraseLead(db: Executor, id: string, at: number): Promise<void> {
  await db
    .updateTable('leads')
    .set({
      status: 'deleted' satisfies LeadStatus,
      fields: null,
      custom_answers: null,
      consents: null,
      hidden_fields: null,
      raw_response: null,
      search_text: null,
      email_hash: null,
      failure_reason: null,
      deleted_at: at,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '!=', 'deleted')
    .execute()
}

/** Receipt times since `since` (newest first, at most `limit`): for charts. */
export async function receivedSince(db: Executor, since: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('leads')
    .select('received_at')
    .where('received_at', '>=', since)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => Number(r.received_at))
}

/** Records that a destination must erase the lead too; the channel that wrote it acts on this. */
export async function requestDownstreamDeletion(db: Executor, leadId: string, destination: string, at: number) {
  await db
    .insertInto('downstream_deletions')
    .values({ lead_id: leadId, destination, requested_at: at, done_at: null })
    .onConflict((oc) => oc.columns(['lead_id', 'destination']).doNothing())
    .execute()
}

/** What routing decided, stored on the lead (score, owner, reasons); the escalation ladder starts at 0. */
export async function saveRouting(
  db: Executor,
  id: string,
  routing: Pick<LeadRow, 'score' | 'priority' | 'owner_id' | 'routing'>,
  at: number,
): Promise<void> {
  await db
    .updateTable('leads')
    .set({ ...routing, assigned_at: at, escalation_level: 0, updated_at: at })
    .where('id', '=', id)
    .execute()
}

/** A hand-made assignment: the owner and the routing record (with its reassignment history). */
export async function saveAssignment(
  db: Executor,
  id: string,
  assignment: Pick<LeadRow, 'owner_id' | 'assigned_at' | 'routing'>,
  at: number,
): Promise<void> {
  await db
    .updateTable('leads')
    .set({ ...assignment, updated_at: at })
    .where('id', '=', id)
    .execute()
}

export async function setEscalationLevel(db: Executor, id: string, level: number, at: number): Promise<void> {
  await db.updateTable('leads').set({ escalation_level: level, updated_at: at }).where('id', '=', id).execute()
}

/** Records the first acknowledgement; false when the lead was acknowledged before, is deleted or unknown. */
export async function markAcknowledged(db: Executor, id: string, by: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('leads')
    .set({ acked_at: at, acked_by: by, updated_at: at })
    .where('id', '=', id)
    .where('acked_at', 'is', null)
    .where('status', '!=', 'deleted')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Leads assigned to this member since `since` (epoch ms). */
export async function countAssignedSince(db: Executor, memberId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('leads')
    .select(db.fn.countAll<number>().as('n'))
    .where('owner_id', '=', memberId)
    .where('assigned_at', '>=', since)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Ids of leads received before `cutoff` that still hold personal data, at most `limit`. */
export async function leadsReceivedBefore(db: Executor, cutoff: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('leads')
    .select('id')
    .where('received_at', '<', cutoff)
    .where('status', '!=', 'deleted')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

export async function countLeadsByStatus(db: Executor): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('leads')
    .select(['status', db.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute()
  return Object.fromEntries(rows.map((l) => [l.status, Number(l.count)]))
}

/** Enriched leads received since `since`, oldest first (rule replays), at most `limit` when given. */
export async function enrichedLeadsSince(db: Executor, since: number, limit?: number): Promise<LeadRow[]> {
  let query = db
    .selectFrom('leads')
    .selectAll()
    .where('received_at', '>=', since)
    .where('status', '=', 'enriched')
    .orderBy('received_at')
  if (limit !== undefined) query = query.limit(limit)
  return query.execute()
}

/** The lead's downstream deletion is done once no destination still has one to carry out. */
export async function completeDownstreamDeletion(db: Executor, leadId: string, at: number): Promise<void> {
  const open = await db
    .selectFrom('deliveries')
    .select('id')
    .where('lead_id', '=', leadId)
    .where('kind', '=', 'delete')
    .where('state', '!=', 'delivered')
    .executeTakeFirst()
  if (open) return
  await db
    .updateTable('downstream_deletions')
    .set({ done_at: at })
    .where('lead_id', '=', leadId)
    .where('done_at', 'is', null)
    .execute()
}
