import type { LeadRow, LeadStatus, NewLeadRow, TimelineRow } from './database.js'
import type { Executor } from './executor.js'
import { emailHashFor, personalDataOf } from './personal-data.js'

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

export async function addTimeline(
  db: Executor,
  leadId: string,
  kind: string,
  at: number,
  detail?: string,
): Promise<void> {
  await db
    .insertInto('lead_timeline')
    .values({ lead_id: leadId, kind, at, detail: detail ?? null })
    .execute()
}

export async function getTimeline(db: Executor, leadId: string): Promise<TimelineRow[]> {
  return db.selectFrom('lead_timeline').selectAll().where('lead_id', '=', leadId).orderBy('id').execute()
}

/** Timeline entries after `afterId` (its primary key, so this is a range read): the dashboard's change feed. */
export async function timelineSince(
  db: Executor,
  afterId: number,
  limit: number,
): Promise<{ id: number; lead_id: string; kind: string }[]> {
  return db
    .selectFrom('lead_timeline')
    .select(['id', 'lead_id', 'kind'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute()
}

export async function latestTimelineId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('lead_timeline')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
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

export interface LeadFilters {
  readonly since?: number
  readonly until?: number
  readonly leadType?: string
  readonly formId?: string
  readonly owner?: string
  /** The team member the lead is routed to. */
  readonly ownerId?: string
  readonly priority?: string
  readonly campaign?: string
  readonly status?: LeadStatus
  readonly test?: boolean
  /**
   * Matches name, e-mail or company, case-insensitively; with ENCRYPT_PERSONAL_DATA=true only an exact
   * e-mail address (else SearchUnavailableError).
   */
  readonly q?: string
}

export interface LeadCursor {
  readonly receivedAt: number
  readonly id: string
}

/** Newest first; `after` is the last lead of the previous page. */
export async function listLeads(
  db: Executor,
  filters: LeadFilters,
  page: { readonly limit: number; readonly after?: LeadCursor | undefined },
): Promise<{ leads: LeadRow[]; next: LeadCursor | undefined }> {
  // Two steps: the page's keys from an index alone (every filter has one; search reads the covering
  // (received_at, id, search_text) index), then those rows. Reading wide rows only for the page keeps a
  // filter that matches nothing from reading the whole table (bench/dashboard.ts).
  let query = db.selectFrom('leads').select(['id', 'received_at'])
  if (filters.since !== undefined) query = query.where('received_at', '>=', filters.since)
  if (filters.until !== undefined) query = query.where('received_at', '<', filters.until)
  if (filters.leadType) query = query.where('lead_type', '=', filters.leadType)
  if (filters.formId) query = query.where('form_id', '=', filters.formId)
  if (filters.owner) query = query.where('owner', 'like', `%${escapeLike(filters.owner)}%`)
  if (filters.ownerId) query = query.where('owner_id', '=', filters.ownerId)
  if (filters.priority) query = query.where('priority', '=', filters.priority)
  if (filters.campaign) query = query.where('campaign', '=', filters.campaign)
  if (filters.status) query = query.where('status', '=', filters.status)
  if (filters.test !== undefined) query = query.where('test', '=', filters.test ? 1 : 0)
  if (filters.q) {
    const emailHash = emailHashFor(db, filters.q)
    if (emailHash && !looksLikeEmail(filters.q)) throw new SearchUnavailableError()
    query = emailHash
      ? query.where('email_hash', '=', emailHash)
      : query.where('search_text', 'like', `%${escapeLike(filters.q.toLowerCase())}%`)
  }
  const after = page.after
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('received_at', '<', after.receivedAt),
        eb.and([eb('received_at', '=', after.receivedAt), eb('id', '<', after.id)]),
      ]),
    )
  }
  const keys = await query
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  const wanted = keys.slice(0, page.limit).map((k) => k.id)
  const byId = new Map(
    wanted.length === 0
      ? []
      : (await db.selectFrom('leads').selectAll().where('id', 'in', wanted).execute()).map((r) => [r.id, r]),
  )
  const leads = wanted.flatMap((id) => byId.get(id) ?? [])
  const last = leads.at(-1)
  return { leads, next: keys.length > page.limit && last ? { receivedAt: last.received_at, id: last.id } : undefined }
}

/** Personal data is encrypted here, so the search text cannot be matched: only an exact e-mail can. */
export class SearchUnavailableError extends Error {
  override readonly name = 'SearchUnavailableError'
  constructor() {
    super('personal data is encrypted (ENCRYPT_PERSONAL_DATA=true): search matches an exact e-mail address only')
  }
}

const looksLikeEmail = (text: string) => /^[^\s@]+@[^\s@]+$/.test(text.trim())

/** Whether `q` searches are limited to an exact e-mail address (personal data encrypted at rest). */
export function searchIsExactEmailOnly(db: Executor): boolean {
  return personalDataOf(db)?.encrypting ?? false
}

// LIKE's wildcards in a user's search are literal characters.
function escapeLike(text: string): string {
  return text.replace(/[%_]/g, '')
}

export async function getCachedForm(db: Executor, formId: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('lead_forms')
    .select('body')
    .where('form_id', '=', formId)
    .where('version', '=', version)
    .executeTakeFirst()
  return row?.body
}

export async function cacheForm(
  db: Executor,
  formId: string,
  version: number,
  body: string,
  at: number,
): Promise<void> {
  await db
    .insertInto('lead_forms')
    .values({ form_id: formId, version, body, fetched_at: at })
    .onConflict((oc) => oc.columns(['form_id', 'version']).doNothing())
    .execute()
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
