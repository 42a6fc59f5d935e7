import { type RoutingDecision, routeLead } from './assign.js'
import { type LeadFacts, withScore } from './lead-facts.js'
import type { Rules } from './parse-rules.js'
import { PRIORITIES, type Priority } from './rules-schema.js'
import { type ScoreResult, scoreLead } from './score.js'

export interface ReplayLead {
  /** Shown in the report; the lead's id. */
  readonly id: string
  readonly facts: LeadFacts
  /** When the lead arrived; working hours and daily capacity are judged at this time. Defaults to `now`. */
  readonly receivedAt?: Date
}

export interface ReplayContext {
  readonly now: Date
  /** Rotation positions both configs start from (e.g. the stored ones); empty by default. */
  readonly positions?: ReadonlyMap<string, number>
}

export interface OwnerCount {
  readonly ownerId: string
  readonly before: number
  readonly after: number
}

export interface PriorityCount {
  readonly priority: Priority
  readonly before: number
  readonly after: number
}

export interface LeadMove {
  readonly leadId: string
  readonly from: string
  readonly to: string
  readonly ruleBefore: string | null
  readonly ruleAfter: string | null
}

export interface PriorityShift {
  readonly leadId: string
  readonly from: Priority
  readonly to: Priority
  readonly scoreBefore: number
  readonly scoreAfter: number
}

export interface ReplayReport {
  readonly leads: number
  /** Every owner with a lead under either config, by id. */
  readonly owners: readonly OwnerCount[]
  readonly priorities: readonly PriorityCount[]
  readonly moved: readonly LeadMove[]
  readonly priorityShifts: readonly PriorityShift[]
}

interface Outcome {
  readonly score: ScoreResult
  readonly decision: RoutingDecision
}

/**
 * Scores and routes the leads in order under one config, as the live system would have: rotation positions
 * advance and daily capacity fills (per UTC day of arrival), all in memory.
 */
export function simulate(leads: readonly ReplayLead[], rules: Rules, ctx: ReplayContext): Outcome[] {
  const positions = new Map(ctx.positions ?? [])
  const load = new Map<string, number>()
  return leads.map((lead) => {
    const at = lead.receivedAt ?? ctx.now
    const day = at.toISOString().slice(0, 10)
    const score = scoreLead(lead.facts, rules.scoring)
    const decision = routeLead(withScore(lead.facts, score), {
      team: rules.team,
      routing: rules.routing,
      now: at,
      positions,
      loadToday: (memberId) => load.get(`${day} ${memberId}`) ?? 0,
    })
    for (const [rule, position] of decision.positions) positions.set(rule, position)
    const key = `${day} ${decision.ownerId}`
    load.set(key, (load.get(key) ?? 0) + 1)
    return { score, decision }
  })
}

function countBy<T extends string>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return counts
}

/** What would change if `candidate` replaced `current` for these leads. Pure: nothing is stored or sent. */
export function compareConfigs(
  leads: readonly ReplayLead[],
  current: Rules,
  candidate: Rules,
  ctx: ReplayContext,
): ReplayReport {
  const before = simulate(leads, current, ctx)
  const after = simulate(leads, candidate, ctx)

  const ownersBefore = countBy(before.map((o) => o.decision.ownerId))
  const ownersAfter = countBy(after.map((o) => o.decision.ownerId))
  const ownerIds = [...new Set([...ownersBefore.keys(), ...ownersAfter.keys()])].sort()
  const prioritiesBefore = countBy(before.map((o) => o.score.priority))
  const prioritiesAfter = countBy(after.map((o) => o.score.priority))

  const moved: LeadMove[] = []
  const priorityShifts: PriorityShift[] = []
  leads.forEach((lead, i) => {
    const b = before[i] as Outcome
    const a = after[i] as Outcome
    if (b.decision.ownerId !== a.decision.ownerId) {
      moved.push({
        leadId: lead.id,
        from: b.decision.ownerId,
        to: a.decision.ownerId,
        ruleBefore: b.decision.ruleName,
        ruleAfter: a.decision.ruleName,
      })
    }
    if (b.score.priority !== a.score.priority) {
      priorityShifts.push({
        leadId: lead.id,
        from: b.score.priority,
        to: a.score.priority,
        scoreBefore: b.score.score,
        scoreAfter: a.score.score,
      })
    }
  })

  return {
    leads: leads.length,
    owners: ownerIds.map((ownerId) => ({
      ownerId,
      before: ownersBefore.get(ownerId) ?? 0,
      after: ownersAfter.get(ownerId) ?? 0,
    })),
    priorities: PRIORITIES.map((priority) => ({
      priority,
      before: prioritiesBefore.get(priority) ?? 0,
      after: prioritiesAfter.get(priority) ?? 0,
    })),
    moved,
    priorityShifts,
  }
}
