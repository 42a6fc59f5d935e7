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
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = Math.max(1, Math.ceil(p * sorted.length))
  return sorted[rank - 1] as number
}

/**
 * The value that would be at index `k` if `values` were sorted (Hoare's selection, in place). Percentiles need two
 * ranks, not an order: over 100,000 leads a full sort per figure was most of a report's time.
 */
function select(values: Float64Array, k: number, lo = 0, hi = values.length - 1): number {
  while (hi > lo) {
    const pivot = values[(lo + hi) >>> 1] as number
    let i = lo
    let j = hi
    while (i <= j) {
      while ((values[i] as number) < pivot) i++
      while ((values[j] as number) > pivot) j--
      if (i <= j) {
        const t = values[i] as number
        values[i] = values[j] as number
        values[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else return values[k] as number
  }
  return values[k] as number
}

/** Nearest-rank p50 and p90 and the maximum of an unsorted list (reordered in place). */
export function ranks(values: Float64Array): { p50: number | null; p90: number | null; max: number | null } {
  const n = values.length
  if (n === 0) return { p50: null, p90: null, max: null }
  const rank = (p: number) => Math.max(1, Math.ceil(p * n)) - 1
  // Each select leaves the list split around its rank, so the next looks only above it, and the maximum is
  // among the top tenth.
  const p50 = select(values, rank(0.5))
  const p90 = select(values, rank(0.9), rank(0.5))
  let max = p90
  for (let i = rank(0.9) + 1; i < n; i++) if ((values[i] as number) > max) max = values[i] as number
  return { p50, p90, max }
}
