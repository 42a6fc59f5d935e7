import type { ConversionCountRow, ConversionDetailRow } from '../store/index.js'
import { type Group, sortGroups } from './group-by.js'

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
  /** The sum of won amounts when they share one currency (0 when nothing was won); null when currencies differ. */
  readonly wonAmount: number | null
  readonly wonAmounts: Record<string, number>
  readonly disqualificationReasons: Record<string, number>
}

const COUNTS = ['leads', 'acknowledged', 'contacted', 'qualified', 'disqualified', 'won', 'lost'] as const

function accumulator(group: Group) {
  const c = Object.fromEntries(COUNTS.map((k) => [k, 0])) as Record<(typeof COUNTS)[number], number>
  const wonAmounts: Record<string, number> = {}
  const reasons: Record<string, number> = {}
  return {
    count(row: ConversionCountRow) {
      for (const k of COUNTS) c[k] += row[k]
    },
    detail(row: ConversionDetailRow) {
      const name = row.detail ?? 'unknown'
      if (row.outcome === 'won') wonAmounts[name] = (wonAmounts[name] ?? 0) + row.amount
      else reasons[name] = (reasons[name] ?? 0) + row.leads
    },
    result(): ConversionGroup {
      const currencies = Object.keys(wonAmounts)
      return {
        key: group.key,
        label: group.label,
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

/** The funnel leads → acknowledged → contacted → qualified → won, from the store's per-group counts. */
export function conversion(
  counts: readonly ConversionCountRow[],
  details: readonly ConversionDetailRow[],
  groupOf: (key: string | null) => Group,
  order: 'time' | 'size',
): { total: ConversionGroup; groups: ConversionGroup[] } {
  const total = accumulator({ key: 'total', label: 'All leads' })
  const groups = new Map<string | null, ReturnType<typeof accumulator>>()
  const of = (key: string | null) => {
    const group = groupOf(key)
    let acc = groups.get(group.key)
    if (!acc) {
      acc = accumulator(group)
      groups.set(group.key, acc)
    }
    return acc
  }
  for (const row of counts) {
    total.count(row)
    of(row.key).count(row)
  }
  for (const row of details) {
    total.detail(row)
    of(row.key).detail(row)
  }
  return {
    total: total.result(),
    groups: sortGroups(
      [...groups.values()].map((g) => g.result()),
      order,
    ),
  }
}
