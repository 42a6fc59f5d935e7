import { type RawBuilder, sql } from 'kysely'
import type { Executor } from './executor.js'

/** What a report groups leads by, as the store sees it; day and week arrive as 15-minute buckets (see below). */
export type ReportGroupColumn = 'owner' | 'leadType' | 'form' | 'campaign' | 'rule' | 'priority' | 'time'

/**
 * Day and week are cut in a time zone, which SQL here does not know: the store groups by 15-minute bucket of
 * submittedAt (every zone's offset is a multiple of 15 minutes) and the reports map buckets to local days.
 */
export const TIME_BUCKET_MS = 900_000

export interface ReportRange {
  /** Inclusive, epoch ms, on LinkedIn's submittedAt. */
  readonly from: number
  /** Exclusive. */
  readonly to: number
  readonly includeTest: boolean
}

/** The group key as SQL: every key is a column of the report index (see migration 2026-12-02-13), or a bucket. */
export function groupKey(by: ReportGroupColumn): RawBuilder<string | null> {
  switch (by) {
    case 'owner':
      return sql<string | null>`leads.owner_id`
    case 'leadType':
      return sql<string | null>`leads.lead_type`
    case 'form':
      return sql<string | null>`leads.form_id`
    case 'rule':
      return sql<string | null>`leads.routing_rule`
    case 'priority':
      return sql<string | null>`leads.priority`
    case 'campaign':
      return sql<string | null>`leads.associated_entity`
    case 'time':
      // Integer division in both dialects (bigint / integer).
      return sql<string>`(leads.submitted_at / ${sql.lit(TIME_BUCKET_MS)})`
  }
}

/** Leads submitted in the range, read from the report index alone. */
export function inRange(db: Executor, range: ReportRange) {
  let query = db
    .selectFrom('leads')
    .where('leads.submitted_at', '>=', range.from)
    .where('leads.submitted_at', '<', range.to)
  // The unary plus keeps SQLite's planner off leads_test_received: without statistics it took `test = 0` for
  // the narrower search and read 100,000 table rows (0.3–0.5 s) instead of the covering report index.
  if (!range.includeTest) query = query.where(sql<number>`+leads.test`, '=', 0)
  return query
}

export const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))
export const text = (value: unknown) => (value === null || value === undefined ? null : String(value))
