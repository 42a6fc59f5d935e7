import type { RoutingRule, ScoringRule, TeamMember } from '../routing/index.js'
import type { RoutingAssignmentRow, ScoringMatchRow, SpeedLeads } from '../store/index.js'
import { weekdayIndex, type ZoneOffsets } from './business-hours.js'
import { nearestRank } from './percentiles.js'

export interface FairnessMember {
  readonly member: string
  readonly label: string
  readonly weight: number
  /** The share the configuration asks for: weight over the rule's total weight. */
  readonly expectedShare: number
  readonly leads: number
  /** The share the member got of the leads this rule assigned; null when it assigned none. */
  readonly share: number | null
}

/** Per distributing rule (round-robin, weighted): each member's share against their weight, and skips by reason. */
export function fairness(
  assignments: readonly RoutingAssignmentRow[],
  skipRows: readonly { readonly rule: string; readonly reason: string; readonly skips: number }[],
  rules: readonly RoutingRule[],
  members: ReadonlyMap<string, TeamMember>,
) {
  return rules.flatMap((rule) => {
    const assign = rule.assign as Record<string, unknown>
    let weights: [string, number][]
    if (Array.isArray(assign.roundRobin)) weights = (assign.roundRobin as string[]).map((m) => [m, 1])
    else if (Array.isArray(assign.weighted))
      weights = (assign.weighted as string[]).map((m) => [m, members.get(m)?.weight ?? 1])
    else if (assign.weighted && typeof assign.weighted === 'object')
      weights = Object.entries(assign.weighted as Record<string, number>)
    else return []
    const totalWeight = weights.reduce((sum, [, w]) => sum + w, 0)
    const counts = new Map<string, number>()
    const skips: Record<string, number> = {}
    let leads = 0
    for (const skip of skipRows)
      if (skip.rule === rule.name) skips[skip.reason] = (skips[skip.reason] ?? 0) + skip.skips
    for (const row of assignments) {
      if (row.rule !== rule.name || !row.owner) continue
      leads += row.leads
      counts.set(row.owner, (counts.get(row.owner) ?? 0) + row.leads)
    }
    return [
      {
        rule: rule.name,
        strategy: Array.isArray(assign.roundRobin) ? 'round-robin' : 'weighted',
        leads,
        members: weights.map(
          ([member, weight]): FairnessMember => ({
            member,
            label: members.get(member)?.name ?? member,
            weight,
            expectedShare: totalWeight ? weight / totalWeight : 0,
            leads: counts.get(member) ?? 0,
            share: leads ? (counts.get(member) ?? 0) / leads : null,
          }),
        ),
        skips,
      },
    ]
  })
}

interface RateCounts {
  readonly leads: number
  readonly qualified: number
  readonly won: number
  readonly qualifiedRate: number | null
  readonly wonRate: number | null
}

function rates(leads: number, qualified: number, won: number): RateCounts {
  return { leads, qualified, won, qualifiedRate: leads ? qualified / leads : null, wonRate: leads ? won / leads : null }
}

/**
 * For each scoring rule: how the leads it matched converted, against the leads it did not match (`all` is every
 * lead of the range). Configured rules first, in their order; then rules only old leads matched.
 */
export function scoringInsight(
  matches: readonly ScoringMatchRow[],
  all: { readonly leads: number; readonly qualified: number; readonly won: number },
  rules: readonly ScoringRule[],
) {
  const byName = new Map(matches.map((m) => [m.rule, m]))
  const names = [
    ...new Set([
      ...rules.map((r) => r.name),
      ...[...matches].sort((a, b) => a.firstAt - b.firstAt || a.rule.localeCompare(b.rule)).map((m) => m.rule),
    ]),
  ]
  return names.map((name) => {
    const m = byName.get(name) ?? { leads: 0, qualified: 0, won: 0 }
    const points = rules.find((r) => r.name === name)?.points ?? null
    return {
      rule: name,
      points,
      matched: rates(m.leads, m.qualified, m.won),
      notMatched: rates(all.leads - m.leads, all.qualified - m.qualified, all.won - m.won),
    }
  })
}

const DAY = 86_400_000
const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

/** Leads per hour of the week in the owner's zone, against the median time to acknowledge in that hour. */
export function heatmap(
  leads: SpeedLeads,
  members: ReadonlyMap<string, TeamMember>,
  defaultZone: string,
  zones: ZoneOffsets,
) {
  const cells = Array.from({ length: 7 * 24 }, () => ({ leads: 0, acks: [] as number[] }))
  const offsets = leads.owners.map((ownerId) =>
    zones.inZone((ownerId ? members.get(ownerId)?.timeZone : undefined) ?? defaultZone),
  )
  const { submittedAt, ackedAt, ownerOf } = leads
  for (let lead = 0; lead < leads.leads; lead++) {
    const submitted = submittedAt[lead] as number
    const acked = ackedAt[lead] as number
    const wall = submitted + (offsets[ownerOf[lead] as number] as (at: number) => number)(submitted)
    const day = Math.floor(wall / DAY)
    const cell = cells[weekdayIndex(day) * 24 + Math.floor((wall - day * DAY) / 3_600_000)]!
    cell.leads++
    if (!Number.isNaN(acked)) cell.acks.push(Math.max(0, acked - submitted))
  }
  return cells.map((cell, i) => ({
    weekday: WEEKDAY_NAMES[Math.floor(i / 24)] as string,
    hour: i % 24,
    leads: cell.leads,
    acknowledged: cell.acks.length,
    medianAckMs: nearestRank(
      cell.acks.sort((a, b) => a - b),
      0.5,
    ),
  }))
}
