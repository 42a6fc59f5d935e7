import { matches } from './conditions.js'
import type { LeadFacts } from './lead-facts.js'
import { type Eligibility, pickRoundRobin, type RotationPick, type Skipped, type SkipReason } from './round-robin.js'
import type { Assign, Routing, RoutingRule, Team, TeamMember } from './rules-schema.js'
import { pickWeighted, type Weights } from './weighted.js'
import { isWorking } from './working-hours.js'

export type Strategy = 'round-robin' | 'weighted' | 'owner' | 'existing-owner' | 'fallback'

export interface SkippedMember extends Skipped {
  /** The routing rule that passed this member over. */
  readonly rule: string
}

export interface RoutingDecision {
  readonly ownerId: string
  /** Null when the fallback owner got the lead. */
  readonly ruleName: string | null
  readonly strategy: Strategy
  /**
   * Set only for the fallback owner, who gets the lead even when inactive, outside working hours or at
   * capacity, so that alerts and escalation can say so.
   */
  readonly ownerUnavailable: SkipReason | null
  /** Sentences, in the order things were decided. */
  readonly reasons: readonly string[]
  readonly skipped: readonly SkippedMember[]
  /** Rotation positions that moved, by rule name; the caller persists them with the assignment. */
  readonly positions: ReadonlyMap<string, number>
}

export interface RouteContext {
  readonly team: Team
  readonly routing: Routing
  readonly now: Date
  /** Each rotation rule's next position, by rule name, as stored; missing means 0. */
  readonly positions: ReadonlyMap<string, number>
  /** Leads assigned to the member today, for `dailyCapacity`. */
  readonly loadToday: (memberId: string) => number
  /**
   * For `existingOwner` rules: by channel name, the team member who already owns this person or company
   * in that CRM (null: nobody, or someone outside the team). Looked up before routing, which stays pure.
   */
  readonly existingOwners?: ReadonlyMap<string, string | null>
}

const SKIP_TEXT = {
  inactive: 'inactive',
  'outside-working-hours': 'outside working hours',
  'at-capacity': 'at daily capacity',
} as const satisfies Record<SkipReason, string>

const STRATEGY_TEXT = {
  'round-robin': 'by round-robin',
  weighted: 'by weighted round-robin',
  owner: "as the rule's owner",
  'existing-owner': 'as the existing owner in the CRM',
  fallback: 'as the fallback owner',
} as const satisfies Record<Strategy, string>

function strategyOf(assign: Assign): Exclude<Strategy, 'fallback'> {
  if ('existingOwner' in assign) return 'existing-owner'
  if ('roundRobin' in assign) return 'round-robin'
  if ('weighted' in assign) return 'weighted'
  return 'owner'
}

function weightsOf(assign: { weighted: Record<string, number> | string[] }, members: Map<string, TeamMember>): Weights {
  if (Array.isArray(assign.weighted)) return assign.weighted.map((id) => [id, members.get(id)?.weight ?? 1] as const)
  return Object.entries(assign.weighted)
}

function eligibilityFor(
  rule: Pick<RoutingRule, 'respectWorkingHours' | 'respectCapacity'>,
  members: Map<string, TeamMember>,
  ctx: RouteContext,
): Eligibility {
  return (memberId) => {
    const member = members.get(memberId)
    if (!member?.active) return 'inactive'
    if (rule.respectWorkingHours && !isWorking(member, ctx.now)) return 'outside-working-hours'
    if (rule.respectCapacity && member.dailyCapacity !== undefined && ctx.loadToday(memberId) >= member.dailyCapacity) {
      return 'at-capacity'
    }
    return null
  }
}

function pick(
  rule: RoutingRule,
  position: number,
  eligibility: Eligibility,
  members: Map<string, TeamMember>,
  existingOwners: ReadonlyMap<string, string | null> | undefined,
): RotationPick {
  const assign = rule.assign
  if ('existingOwner' in assign) {
    const skipped: Skipped[] = []
    for (const channel of assign.existingOwner) {
      const memberId = existingOwners?.get(channel)
      if (!memberId || !members.has(memberId)) continue
      const reason = eligibility(memberId)
      if (reason === null) return { memberId, nextPosition: position, skipped }
      skipped.push({ memberId, reason })
    }
    return { memberId: null, nextPosition: position, skipped }
  }
  if ('roundRobin' in assign) return pickRoundRobin(assign.roundRobin, position, eligibility)
  if ('weighted' in assign) return pickWeighted(weightsOf(assign, members), position, eligibility)
  const reason = eligibility(assign.owner)
  if (reason === null) return { memberId: assign.owner, nextPosition: position, skipped: [] }
  return { memberId: null, nextPosition: position, skipped: [{ memberId: assign.owner, reason }] }
}

/**
 * Walks the routing rules in order. The first matching rule with an eligible member assigns the lead; a
 * matching rule whose members are all skipped passes it on to the next matching rule; when no rule assigns
 * it, the team's fallback owner gets it whatever their hours, so no lead is left without an owner.
 */
export function routeLead(facts: LeadFacts, ctx: RouteContext): RoutingDecision {
  const members = new Map(ctx.team.members.map((m) => [m.id, m]))
  const reasons: string[] = []
  const skipped: SkippedMember[] = []
  let anyMatched = false

  for (const rule of ctx.routing.rules) {
    const condition = rule.when ? matches(rule.when, facts) : { matched: true, explanation: 'it applies to every lead' }
    if (!condition.matched) {
      reasons.push(`rule "${rule.name}" did not match: ${condition.explanation}`)
      continue
    }
    anyMatched = true
    reasons.push(`rule "${rule.name}" matched: ${condition.explanation}`)
    const strategy = strategyOf(rule.assign)
    const position = ctx.positions.get(rule.name) ?? 0
    const result = pick(rule, position, eligibilityFor(rule, members, ctx), members, ctx.existingOwners)
    for (const s of result.skipped) {
      skipped.push({ ...s, rule: rule.name })
      reasons.push(`${s.memberId} skipped: ${SKIP_TEXT[s.reason]}`)
    }
    if (result.memberId === null) {
      reasons.push(`rule "${rule.name}" had nobody eligible`)
      continue
    }
    reasons.push(`${result.memberId} assigned ${STRATEGY_TEXT[strategy]}`)
    const positions = new Map<string, number>()
    if (strategy === 'round-robin' || strategy === 'weighted') positions.set(rule.name, result.nextPosition)
    return {
      ownerId: result.memberId,
      ruleName: rule.name,
      strategy,
      ownerUnavailable: null,
      reasons,
      skipped,
      positions,
    }
  }

  const fallback = ctx.team.fallbackOwner
  reasons.push(anyMatched ? 'no matching rule had an eligible member' : 'no routing rule matched')
  const unavailable = eligibilityFor({ respectWorkingHours: true, respectCapacity: true }, members, ctx)(fallback)
  reasons.push(`${fallback} assigned ${STRATEGY_TEXT.fallback}${unavailable ? ` (${SKIP_TEXT[unavailable]})` : ''}`)
  return {
    ownerId: fallback,
    ruleName: null,
    strategy: 'fallback',
    ownerUnavailable: unavailable,
    reasons,
    skipped,
    positions: new Map(),
  }
}

/** How a skip reason reads in a sentence: `outside working hours`. */
export function describeSkip(reason: SkipReason): string {
  return SKIP_TEXT[reason]
}
