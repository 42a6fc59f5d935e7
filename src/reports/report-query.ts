import { z } from 'zod'
import { parseDuration } from '../util/index.js'
import { GROUP_BY, type GroupBy } from './group-by.js'

const DAY = 86_400_000
/** A report over more than this is refused: it would read years of leads on one click. */
export const MAX_RANGE_MS = 800 * DAY

export interface ReportQuery {
  readonly from: number
  readonly to: number
  readonly groupBy: GroupBy
  readonly includeTest: boolean
}

function instant(text: string, now: number): number | undefined {
  const ago = parseDuration(text)
  if (ago !== undefined) return now - ago
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

const QuerySchema = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  since: z.string().optional(),
  groupBy: z.enum(GROUP_BY).default('owner'),
  includeTest: z.enum(['true', 'false']).default('false'),
  format: z.enum(['json', 'csv']).default('json'),
})

export type ParsedQuery = { ok: true; value: ReportQuery; format: 'json' | 'csv' } | { ok: false; message: string }

/**
 * `from`/`to` as ISO dates, epoch ms or a duration back from now (`30d`); `since` is the CLI's `from`.
 * Defaults: the last 30 days up to now.
 */
export function parseReportQuery(raw: unknown, now: number): ParsedQuery {
  const parsed = QuerySchema.safeParse(raw ?? {})
  if (!parsed.success)
    return {
      ok: false,
      message: parsed.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '),
    }
  const q = parsed.data
  const fromText = q.from ?? q.since
  const from = fromText === undefined ? now - 30 * DAY : instant(fromText, now)
  const to = q.to === undefined ? now : instant(q.to, now)
  if (from === undefined)
    return { ok: false, message: 'from: must be an ISO date, epoch milliseconds or a duration like 30d' }
  if (to === undefined)
    return { ok: false, message: 'to: must be an ISO date, epoch milliseconds or a duration like 1d' }
  if (to <= from) return { ok: false, message: 'to: must be after from' }
  if (to - from > MAX_RANGE_MS) return { ok: false, message: `the range is longer than ${MAX_RANGE_MS / DAY} days` }
  return { ok: true, value: { from, to, groupBy: q.groupBy, includeTest: q.includeTest === 'true' }, format: q.format }
}
