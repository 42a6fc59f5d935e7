import { z } from 'zod'
import { LEAD_TYPES } from '../../linkedin/index.js'
import { LEAD_STATUSES, type LeadFilters } from '../../store/index.js'
import { decodeLeadCursor } from '../../views/index.js'
import { localDateStart } from '../components/format.js'
import type { WebUser } from '../context.js'

const optional = z
  .string()
  .trim()
  .max(200)
  .transform((v) => (v === '' ? undefined : v))
  .optional()

export const LeadsQuery = z.object({
  owner: optional,
  priority: z.enum(['', 'hot', 'warm', 'cold']).optional(),
  status: z.enum(['', ...LEAD_STATUSES]).optional(),
  type: z.enum(['', ...LEAD_TYPES]).optional(),
  form: optional,
  campaign: optional,
  from: z.union([z.literal(''), z.iso.date()]).optional(),
  to: z.union([z.literal(''), z.iso.date()]).optional(),
  test: z.enum(['', 'only', 'hide']).optional(),
  q: optional,
  cursor: optional,
})
export type LeadsQuery = z.infer<typeof LeadsQuery>

/** The query as repository filters, with a rep's view narrowed to their own leads whatever they asked. */
export function leadFilters(query: LeadsQuery, user: WebUser, timeZone: string): LeadFilters {
  const ownerId = user.role === 'rep' ? (user.memberId ?? '\u0000none') : query.owner
  const since = query.from ? localDateStart(query.from, timeZone) : undefined
  const dayAfter = query.to ? localDateStart(nextDate(query.to), timeZone) : undefined
  return {
    ...(ownerId ? { ownerId } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.type ? { leadType: query.type } : {}),
    ...(query.form ? { formId: query.form } : {}),
    ...(query.campaign ? { campaign: query.campaign } : {}),
    ...(since !== undefined ? { since } : {}),
    // `to` is inclusive: up to the start of the next local day.
    ...(dayAfter !== undefined ? { until: dayAfter } : {}),
    ...(query.test ? { test: query.test === 'only' } : {}),
    ...(query.q ? { q: query.q } : {}),
  }
}

export function cursorOf(query: LeadsQuery) {
  return query.cursor ? decodeLeadCursor(query.cursor) : undefined
}

/** The same filters as a query string, for paging links and live refreshes. */
export function queryString(query: LeadsQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...query, cursor: undefined, ...extra })) {
    if (typeof value === 'string' && value !== '') params.set(key, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10)
}
