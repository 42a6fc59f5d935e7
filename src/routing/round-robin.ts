export type SkipReason = 'inactive' | 'outside-working-hours' | 'at-capacity'

export interface Skipped {
  readonly memberId: string
  readonly reason: SkipReason
}

export interface RotationPick {
  /** Null when nobody in the rotation is eligible. */
  readonly memberId: string | null
  /** Where the next lead starts; unchanged when nobody was picked. */
  readonly nextPosition: number
  /** Everyone passed over before the pick, once each, in rotation order. */
  readonly skipped: readonly Skipped[]
}

/** Why a member cannot take this lead, or null when they can. */
export type Eligibility = (memberId: string) => SkipReason | null

/**
 * Takes the first eligible member at or after `position` in `order`, wrapping once. The position is an
 * index into `order`, kept modulo its length so that a stored position stays valid when the list changes.
 */
export function pickInRotation(order: readonly string[], position: number, eligibility: Eligibility): RotationPick {
  const n = order.length
  const start = n === 0 ? 0 : ((Math.trunc(position) % n) + n) % n
  const skipped: Skipped[] = []
  const verdicts = new Map<string, SkipReason | null>()
  for (let step = 0; step < n; step++) {
    const index = (start + step) % n
    const memberId = order[index] as string
    let verdict = verdicts.get(memberId)
    if (verdict === undefined) {
      verdict = eligibility(memberId)
      verdicts.set(memberId, verdict)
      if (verdict !== null) skipped.push({ memberId, reason: verdict })
    }
    if (verdict === null) return { memberId, nextPosition: (index + 1) % n, skipped }
  }
  return { memberId: null, nextPosition: start, skipped }
}

/** Plain round-robin: each member in turn. */
export function pickRoundRobin(members: readonly string[], position: number, eligibility: Eligibility): RotationPick {
  return pickInRotation(members, position, eligibility)
}
