import { type Eligibility, pickInRotation, type RotationPick } from './round-robin.js'

export type Weights = ReadonlyArray<readonly [memberId: string, weight: number]>

const cycles = new Map<string, readonly string[]>()

/**
 * One cycle of smooth weighted round-robin (nginx's algorithm): each step every member gains its weight,
 * the highest total is picked and loses the sum of weights. Weights 3:1 give a, a, b, a: the shares are
 * exact over a cycle and interleaved within it, and one integer position into the cycle is all the state
 * the store needs to keep.
 */
export function weightedCycle(weights: Weights): readonly string[] {
  const key = JSON.stringify(weights)
  const cached = cycles.get(key)
  if (cached) return cached
  const total = weights.reduce((sum, [, w]) => sum + w, 0)
  const current = weights.map(() => 0)
  const cycle: string[] = []
  for (let step = 0; step < total; step++) {
    let best = 0
    weights.forEach(([, w], i) => {
      current[i] = (current[i] as number) + w
      if ((current[i] as number) > (current[best] as number)) best = i
    })
    current[best] = (current[best] as number) - total
    cycle.push((weights[best] as Weights[number])[0])
  }
  cycles.set(key, cycle)
  return cycle
}

/** Weighted round-robin: the next eligible member in the weighted cycle, starting at `position`. */
export function pickWeighted(weights: Weights, position: number, eligibility: Eligibility): RotationPick {
  return pickInRotation(weightedCycle(weights), position, eligibility)
}
