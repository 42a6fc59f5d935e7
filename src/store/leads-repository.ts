import type { Kysely, Transaction } from 'kysely'
import type { Database, LeadRow, LeadStatus, NewLeadRow, TimelineRow } from './database.js'

type Executor = Kysely<Database> | Transaction<Database>

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
  /** Matches name, e-mail or company, case-insensitively. */
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
  let query = db.selectFrom('leads').selectAll()
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
  if (filters.q) query = query.where('search_text', 'like', `%${escapeLike(filters.q.toLowerCase())}%`)
  const after = page.after
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('received_at', '<', after.receivedAt),
        eb.and([eb('received_at', '=', after.receivedAt), eb('id', '<', after.id)]),
      ]),
    )
  }
  const rows = await query
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute()
  const leads = rows.slice(0, page.limit)
  const last = leads.at(-1)
  return { leads, next: rows.length > page.limit && last ? { receivedAt: last.received_at, id: last.id } : undefined }
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
