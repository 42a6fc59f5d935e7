import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'
import type { ReportRange } from './report-scope.js'
import type { Dialect } from './store.js'

// Fairness and scoring insight read the routing JSON of every lead in the range. Parsing 100,000 of them in
// JavaScript took about a second; the database's own JSON functions aggregate them in one pass instead.

function where(range: ReportRange): RawBuilder<unknown> {
  return range.includeTest
    ? sql`leads.submitted_at >= ${range.from} AND leads.submitted_at < ${range.to}`
    : sql`leads.submitted_at >= ${range.from} AND leads.submitted_at < ${range.to} AND +leads.test = 0`
}

/**
 * The leads of the range, and what is left to filter them with. PostgreSQL turns each routing text into jsonb once
 * here (each `::jsonb` on the text parsed it again).
 */
function source(dialect: Dialect, range: ReportRange): { from: RawBuilder<unknown>; filter: RawBuilder<unknown> } {
  if (dialect === 'sqlite') return { from: sql`leads`, filter: where(range) }
  return {
    from: sql`(SELECT leads.routing::jsonb AS routing, leads.id, leads.qualified_at, leads.outcome, leads.submitted_at
      FROM leads WHERE ${where(range)}) AS leads`,
    filter: sql`TRUE`,
  }
}

/** The elements of a JSON array inside `routing` as rows of `item.value` (none when it is not an array). */
function elements(dialect: Dialect, path: readonly string[]): RawBuilder<unknown> {
  if (dialect === 'sqlite') return sql`json_each(leads.routing, ${`$.${path.join('.')}`}) AS item`
  const value = sql`(leads.routing::jsonb #> ${`{${path.join(',')}}`}::text[])`
  return sql`LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(${value}) = 'array' THEN ${value} ELSE '[]'::jsonb END) AS item(value)`
}

const field = (dialect: Dialect, json: RawBuilder<unknown>, name: string) =>
  dialect === 'sqlite'
    ? sql<string | null>`json_extract(${json}, ${sql.lit(`$.${name}`)})`
    : sql<string | null>`(${json}::jsonb ->> ${sql.lit(name)})`

export interface RoutingAssignmentRow {
  readonly rule: string | null
  readonly owner: string | null
  readonly leads: number
}

/** Leads per routing decision (rule and the owner it chose), for leads that have a decision. */
export async function routingAssignments(db: Executor, dialect: Dialect, range: ReportRange) {
  const { from, filter } = source(dialect, range)
  const decision =
    dialect === 'sqlite' ? sql`json_extract(leads.routing, '$.decision')` : sql`(leads.routing::jsonb -> 'decision')`
  const isObject =
    dialect === 'sqlite'
      ? sql`json_type(leads.routing, '$.decision') = 'object'`
      : sql`jsonb_typeof(leads.routing::jsonb -> 'decision') = 'object'`
  const { rows } = await sql<{ rule: unknown; owner: unknown; leads: unknown }>`
    SELECT ${field(dialect, decision, 'ruleName')} AS rule, ${field(dialect, decision, 'ownerId')} AS owner, count(*) AS leads
    FROM ${from} WHERE ${filter} AND ${isObject} GROUP BY 1, 2`.execute(db)
  return rows.map(
    (r): RoutingAssignmentRow => ({
      rule: r.rule === null ? null : String(r.rule),
      owner: r.owner === null ? null : String(r.owner),
      leads: Number(r.leads),
    }),
  )
}

/** Members a routing rule skipped, by rule and reason. */
export async function routingSkips(db: Executor, dialect: Dialect, range: ReportRange) {
  const { from, filter } = source(dialect, range)
  const { rows } = await sql<{ rule: unknown; reason: unknown; skips: unknown }>`
    SELECT ${field(dialect, sql`item.value`, 'rule')} AS rule, ${field(dialect, sql`item.value`, 'reason')} AS reason,
      count(*) AS skips
    FROM ${from}, ${elements(dialect, ['decision', 'skipped'])} WHERE ${filter} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)
  return rows.map((r) => ({ rule: String(r.rule), reason: String(r.reason), skips: Number(r.skips) }))
}

export interface ScoringMatchRow {
  readonly rule: string
  readonly leads: number
  readonly qualified: number
  readonly won: number
  /** The earliest submittedAt among the leads it matched: rules not in the configuration are listed in this order. */
  readonly firstAt: number
}

/** Per scoring rule that contributed: the leads it matched (each once), and how many qualified and were won. */
export async function scoringMatches(db: Executor, dialect: Dialect, range: ReportRange): Promise<ScoringMatchRow[]> {
  const { from, filter } = source(dialect, range)
  const { rows } = await sql<{ rule: unknown; leads: unknown; qualified: unknown; won: unknown; first_at: unknown }>`
    SELECT rule, count(*) AS leads, sum(q) AS qualified, sum(w) AS won, min(at) AS first_at FROM (
      SELECT DISTINCT leads.id, ${field(dialect, sql`item.value`, 'rule')} AS rule,
        CASE WHEN leads.qualified_at IS NOT NULL THEN 1 ELSE 0 END AS q,
        CASE WHEN leads.outcome = 'won' THEN 1 ELSE 0 END AS w, leads.submitted_at AS at
      FROM ${from}, ${elements(dialect, ['score', 'contributions'])} WHERE ${filter}) AS matched
    GROUP BY rule`.execute(db)
  return rows.map((r) => ({
    rule: String(r.rule),
    leads: Number(r.leads),
    qualified: Number(r.qualified),
    won: Number(r.won),
    firstAt: Number(r.first_at),
  }))
}

interface StoredDecision {
  readonly decision?: {
    readonly ruleName?: string | null
    readonly ownerId?: string | null
    readonly skipped?: readonly { readonly rule: string; readonly reason: string }[]
  } | null
}

/**
 * What fairness counts: assignments per rule and owner, and skips per rule and reason. SQLite aggregates the JSON
 * itself (0.9 s of CPU against 1 s parsing in JavaScript); PostgreSQL's jsonb path took 2.5 s against 1.4 s for
 * reading the routing text once and parsing it here, so it does that (100,000 leads, load average 9).
 */
export async function fairnessCounts(db: Executor, dialect: Dialect, range: ReportRange) {
  if (dialect === 'sqlite')
    return { assignments: await routingAssignments(db, dialect, range), skips: await routingSkips(db, dialect, range) }
  const { rows } = await sql<{ routing: string | null }>`SELECT leads.routing FROM leads WHERE ${where(range)}`.execute(
    db,
  )
  const assignments = new Map<string, RoutingAssignmentRow>()
  const skips = new Map<string, { rule: string; reason: string; skips: number }>()
  for (const row of rows) {
    const decision = row.routing ? (JSON.parse(row.routing) as StoredDecision).decision : null
    if (!decision || typeof decision !== 'object') continue
    const rule = decision.ruleName ?? null
    const owner = decision.ownerId ?? null
    const key = JSON.stringify([rule, owner])
    const a = assignments.get(key) ?? { rule, owner, leads: 0 }
    assignments.set(key, { ...a, leads: a.leads + 1 })
    for (const skip of decision.skipped ?? []) {
      const skipKey = JSON.stringify([skip.rule, skip.reason])
      const s = skips.get(skipKey) ?? { rule: String(skip.rule), reason: String(skip.reason), skips: 0 }
      s.skips++
      skips.set(skipKey, s)
    }
  }
  const ordered = [...skips.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.reason.localeCompare(b.reason))
  return { assignments: [...assignments.values()], skips: ordered }
}
