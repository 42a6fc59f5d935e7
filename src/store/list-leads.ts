import type { LeadRow, LeadStatus } from './database.js'
import type { Executor } from './executor.js'
import { emailHashFor, personalDataOf } from './personal-data.js'

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
