import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'
import { groupKey, inRange, num, type ReportGroupColumn, type ReportRange, text } from './report-scope.js'
import type { Dialect } from './store.js'

export {
  fairnessCounts,
  type RoutingAssignmentRow,
  routingAssignments,
  routingSkips,
  type ScoringMatchRow,
  scoringMatches,
} from './report-routing-rows.js'
export { type ReportGroupColumn, type ReportRange, TIME_BUCKET_MS } from './report-scope.js'
export { type SpeedDurations, speedDurations } from './report-speed-durations.js'
export { type SpeedLeads, speedLeads } from './report-speed-rows.js'

export interface ConversionCountRow {
  readonly key: string | null
  readonly leads: number
  readonly acknowledged: number
  readonly contacted: number
  readonly qualified: number
  readonly disqualified: number
  readonly won: number
  readonly lost: number
}

/** The funnel counted in the database, one row per group: the reports never hold 100,000 leads for it. */
export async function conversionCounts(
  db: Executor,
  range: ReportRange,
  by: ReportGroupColumn,
): Promise<ConversionCountRow[]> {
  const count = (condition: RawBuilder<unknown>) => sql<number>`sum(case when ${condition} then 1 else 0 end)`
  const rows = await inRange(db, range)
    .select((eb) => [
      groupKey(by).as('key'),
      eb.fn.countAll<number>().as('leads'),
      count(sql`leads.acked_at is not null`).as('acknowledged'),
      count(sql`leads.contacted_at is not null`).as('contacted'),
      count(sql`leads.qualified_at is not null`).as('qualified'),
      count(sql`leads.outcome = 'disqualified'`).as('disqualified'),
      count(sql`leads.outcome = 'won'`).as('won'),
      count(sql`leads.outcome = 'lost'`).as('lost'),
    ])
    .groupBy('key')
    .execute()
  return rows.map((r) => ({
    key: text(r.key),
    leads: Number(r.leads),
    acknowledged: Number(r.acknowledged),
    contacted: Number(r.contacted),
    qualified: Number(r.qualified),
    disqualified: Number(r.disqualified),
    won: Number(r.won),
    lost: Number(r.lost),
  }))
}

export interface ConversionDetailRow {
  readonly key: string | null
  readonly outcome: string
  /** The disqualification reason, or the won currency. */
  readonly detail: string | null
  readonly leads: number
  readonly amount: number
}

/** Won amounts per currency and disqualifications per reason, per group. */
export async function conversionDetails(
  db: Executor,
  range: ReportRange,
  by: ReportGroupColumn,
): Promise<ConversionDetailRow[]> {
  const rows = await inRange(db, range)
    .where('leads.outcome', 'in', ['won', 'disqualified'])
    .select((eb) => [
      groupKey(by).as('key'),
      'leads.outcome',
      sql<string | null>`case when leads.outcome = 'won' then leads.won_currency else leads.disqualify_reason end`.as(
        'detail',
      ),
      eb.fn.countAll<number>().as('leads'),
      sql<number>`coalesce(sum(leads.won_amount), 0)`.as('amount'),
    ])
    .groupBy(['key', 'leads.outcome', 'detail'])
    .execute()
  return rows.map((r) => ({
    key: text(r.key),
    outcome: String(r.outcome),
    detail: text(r.detail),
    leads: Number(r.leads),
    amount: Number(r.amount),
  }))
}

/** Leads nobody has acknowledged (or contacted) yet, oldest first; tombstones and test leads left out. */
export async function waitingLeads(
  db: Executor,
  dialect: Dialect,
  options: { readonly waitingFor: 'ack' | 'contact'; readonly includeTest: boolean; readonly limit: number },
) {
  // `+` and `|| ''` (SQLite only): without statistics SQLite picked the status or test index and sorted every
  // waiting lead (1.3 s over 100,000 leads); walking the report index in submittedAt order stops after `limit`
  // (0.3 ms). PostgreSQL has statistics, and the hints cost it 14 → 200 ms.
  const hinted = dialect === 'sqlite'
  let query = db
    .selectFrom('leads')
    .select(['id', 'submitted_at', 'received_at', 'owner_id', 'priority', 'acked_at', 'contacted_at', 'lead_type'])
    .where(hinted ? sql<string>`status || ''` : sql<string>`status`, '=', 'enriched')
    .where('submitted_at', 'is not', null)
    .where(options.waitingFor === 'ack' ? 'acked_at' : 'contacted_at', 'is', null)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(options.limit)
  if (!options.includeTest) query = query.where(hinted ? sql<number>`+test` : sql<number>`test`, '=', 0)
  return query.execute()
}

/** Form names from the cached forms (newest version), for report labels. */
export async function formNames(db: Executor, formIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>()
  if (formIds.length === 0) return names
  const rows = await db
    .selectFrom('lead_forms')
    .select(['form_id', 'version', 'body'])
    .where('form_id', 'in', formIds)
    .orderBy('version')
    .execute()
  for (const row of rows) {
    const name = (JSON.parse(row.body) as { name?: string }).name
    if (name) names.set(row.form_id, name)
  }
  return names
}
