/** A duration figure as the reports print it; the numbers are null when there is nothing to measure. */
export interface DurationStats {
  readonly count: number
  readonly p50Ms: number | null
  readonly p90Ms: number | null
  readonly maxMs: number | null
  readonly businessP50Ms: number | null
  readonly businessP90Ms: number | null
}

/** Nearest-rank percentile (DESIGN.md): the value at rank ⌈p·n⌉ of the ascending list. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] as number
}

const ascending = (a: number, b: number) => a - b

/** Collects wall-clock and business-hours durations, then summarises them. */
export function createDurations() {
  const wall: number[] = []
  const business: number[] = []
  return {
    add(wallMs: number, businessMs: number) {
      wall.push(wallMs)
      business.push(businessMs)
    },
    stats(): DurationStats {
      wall.sort(ascending)
      business.sort(ascending)
      return {
        count: wall.length,
        p50Ms: nearestRank(wall, 0.5),
        p90Ms: nearestRank(wall, 0.9),
        maxMs: wall.length ? (wall[wall.length - 1] as number) : null,
        businessP50Ms: nearestRank(business, 0.5),
        businessP90Ms: nearestRank(business, 0.9),
      }
    },
  }
}
