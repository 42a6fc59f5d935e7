import type { ReportLeadRow } from '../store/index.js'
import { type GroupBy, type GroupLabels, groupOf, sortGroups } from './group-by.js'

export interface ConversionGroup {
  readonly key: string | null
  readonly label: string
  readonly leads: number
  readonly acknowledged: number
  readonly contacted: number
  /** Reached qualified at some point (won counts: it was qualified on the way). */
  readonly qualified: number
  /** The current stage is disqualified, won or lost. */
  readonly disqualified: number
  readonly won: number
  readonly lost: number
  /** Fractions of `leads`; null when there are no leads. */
  readonly qualifiedRate: number | null
  readonly wonRate: number | null
  /** The sum of won amounts when they share one currency; null when currencies differ (see wonAmounts). */
  readonly wonAmount: number | null
  readonly wonAmounts: Record<string, number>
  readonly disqualificationReasons: Record<string, number>
}

function accumulator(key: string | null, label: string) {
  const c = { leads: 0, acknowledged: 0, contacted: 0, qualified: 0, disqualified: 0, won: 0, lost: 0 }
  const wonAmounts: Record<string, number> = {}
  const reasons: Record<string, number> = {}
  return {
    add(row: ReportLeadRow) {
      c.leads++
      if (row.acked_at !== null) c.acknowledged++
      if (row.contacted_at !== null) c.contacted++
      if (row.qualified_at !== null) c.qualified++
      if (row.outcome === 'disqualified') {
        c.disqualified++
        const reason = row.disqualify_reason ?? 'unknown'
        reasons[reason] = (reasons[reason] ?? 0) + 1
      }
      if (row.outcome === 'lost') c.lost++
      if (row.outcome === 'won') {
        c.won++
        const currency = row.won_currency ?? 'unknown'
        wonAmounts[currency] = (wonAmounts[currency] ?? 0) + (row.won_amount ?? 0)
      }
    },
    result(): ConversionGroup {
      const currencies = Object.keys(wonAmounts)
      return {
        key,
        label,
        ...c,
        qualifiedRate: c.leads ? c.qualified / c.leads : null,
        wonRate: c.leads ? c.won / c.leads : null,
        wonAmount:
          currencies.length === 0
            ? 0
            : currencies.length === 1
              ? (wonAmounts[currencies[0] as string] as number)
              : null,
        wonAmounts,
        disqualificationReasons: reasons,
      }
    },
  }
}

/** The funnel leads → acknowledged → contacted → qualified → won, for the total and per group. */
export function conversion(
  rows: readonly ReportLeadRow[],
  by: GroupBy | ((row: ReportLeadRow) => { key: string | null; label: string }),
  labels: GroupLabels,
): { total: ConversionGroup; groups: ConversionGroup[] } {
  const total = accumulator('total', 'All leads')
  const groups = new Map<string | null, ReturnType<typeof accumulator>>()
  for (const row of rows) {
    total.add(row)
    const { key, label } = typeof by === 'function' ? by(row) : groupOf(row, by, labels)
    let group = groups.get(key)
    if (!group) {
      group = accumulator(key, label)
      groups.set(key, group)
    }
    group.add(row)
  }
  const results = [...groups.values()].map((g) => g.result())
  return { total: total.result(), groups: typeof by === 'function' ? results : sortGroups(results, by) }
}
