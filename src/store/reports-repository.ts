import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'
import type { Dialect } from './store.js'

/** One lead as the speed and conversion reports read it: times and the facts they group by, no personal data. */
export interface ReportLeadRow {
  readonly id: string
  readonly submitted_at: number
  readonly alerted_at: number | null
  readonly acked_at: number | null
  readonly contacted_at: number | null
  readonly owner_id: string | null
  readonly lead_type: string | null
  readonly form_id: string | null
  readonly priority: string | null
  readonly outcome: string | null
  readonly qualified_at: number | null
  readonly won_amount: number | null
  readonly won_currency: string | null
  readonly disqualify_reason: string | null
  /** Only when asked for: the routing rule's name and the notification's associatedEntity (JSON text). */
  readonly rule?: string | null
  readonly campaign?: string | null
  /** Only when asked for: the stored score and routing decision (JSON text). */
  readonly routing?: string | null
}

export interface ReportRange {
  /** Inclusive, epoch ms, on LinkedIn's submittedAt. */
  readonly from: number
  /** Exclusive. */
  readonly to: number
  readonly includeTest: boolean
  /** Channels whose delivered `new-lead` deliveries count as the sales alert. */
  readonly alertChannels: readonly string[]
  readonly with?: { readonly rule?: boolean; readonly campaign?: boolean; readonly routing?: boolean }
}

/** The routing rule's name out of the stored routing JSON: the one place the dialects' JSON functions differ. */
function ruleName(dialect: Dialect): RawBuilder<string | null> {
  return dialect === 'postgres'
    ? sql<string | null>`(leads.routing::jsonb #>> '{decision,ruleName}')`
    : sql<string | null>`json_extract(leads.routing, '$.decision.ruleName')`
}

/**
 * Every lead submitted in the range, one narrow row each. Time to alert is read from the deliveries (the first
 * delivered new-lead alert on a sales-alert channel), through the index `deliveries_lead_kind_delivered`.
 */
export async function reportLeads(db: Executor, dialect: Dialect, range: ReportRange): Promise<ReportLeadRow[]> {
  const channels = range.alertChannels
  let query = db
    .selectFrom('leads')
    .select([
      'leads.id',
      'leads.submitted_at',
      'leads.acked_at',
      'leads.contacted_at',
      'leads.owner_id',
      'leads.lead_type',
      'leads.form_id',
      'leads.priority',
      'leads.outcome',
      'leads.qualified_at',
      'leads.won_amount',
      'leads.won_currency',
      'leads.disqualify_reason',
    ])
    .select((eb) =>
      channels.length === 0
        ? sql<number | null>`NULL`.as('alerted_at')
        : eb
            .selectFrom('deliveries')
            .select((d) => d.fn.min<number>('deliveries.delivered_at').as('first'))
            .whereRef('deliveries.lead_id', '=', 'leads.id')
            .where('deliveries.kind', '=', 'new-lead')
            .where('deliveries.state', '=', 'delivered')
            .where('deliveries.channel', 'in', channels)
            .as('alerted_at'),
    )
    .where('leads.submitted_at', '>=', range.from)
    .where('leads.submitted_at', '<', range.to)
  if (!range.includeTest) query = query.where('leads.test', '=', 0)
  if (range.with?.rule) query = query.select(ruleName(dialect).as('rule'))
  if (range.with?.routing) query = query.select('leads.routing')
  if (range.with?.campaign)
    query = query.select((eb) =>
      eb
        .selectFrom('events')
        .select('events.associated_entity')
        .whereRef('events.lead_id', '=', 'leads.id')
        .where('events.associated_entity', 'is not', null)
        .orderBy('events.id')
        .limit(1)
        .as('campaign'),
    )
  const rows = await query.execute()
  // PostgreSQL returns bigint aggregates as text; the reports do arithmetic on them.
  return rows.map((row) => ({
    ...row,
    submitted_at: Number(row.submitted_at),
    alerted_at: row.alerted_at === null || row.alerted_at === undefined ? null : Number(row.alerted_at),
    acked_at: row.acked_at === null ? null : Number(row.acked_at),
    contacted_at: row.contacted_at === null ? null : Number(row.contacted_at),
    qualified_at: row.qualified_at === null ? null : Number(row.qualified_at),
    won_amount: row.won_amount === null ? null : Number(row.won_amount),
  })) as ReportLeadRow[]
}

/** Leads nobody has acknowledged (or contacted) yet, oldest first; tombstones and closed leads left out. */
export async function waitingLeads(
  db: Executor,
  options: { readonly waitingFor: 'ack' | 'contact'; readonly includeTest: boolean; readonly limit: number },
) {
  let query = db
    .selectFrom('leads')
    .select(['id', 'submitted_at', 'received_at', 'owner_id', 'priority', 'acked_at', 'contacted_at', 'lead_type'])
    .where('status', '=', 'enriched')
    .where('submitted_at', 'is not', null)
    .where(options.waitingFor === 'ack' ? 'acked_at' : 'contacted_at', 'is', null)
    .orderBy('submitted_at')
    .orderBy('id')
    .limit(options.limit)
  if (!options.includeTest) query = query.where('test', '=', 0)
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
