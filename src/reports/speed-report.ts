import type { TeamMember } from '../routing/index.js'
import type { SpeedLeads } from '../store/index.js'
import { createBusinessCalendar, type ZoneOffsets } from './business-hours.js'
import { type Group, sortGroups } from './group-by.js'
import { createDurations, type DurationStats } from './percentiles.js'

export const SLA_BANDS = ['0-5m', '5-15m', '15-60m', '60m+', 'never'] as const
export type SlaBand = (typeof SLA_BANDS)[number]

const MINUTE = 60_000

/** Bands by time to acknowledge; each upper bound is inclusive (answered in exactly 5:00 is within 5 minutes). */
export function slaBand(ackMs: number | null): SlaBand {
  if (ackMs === null) return 'never'
  if (ackMs <= 5 * MINUTE) return '0-5m'
  if (ackMs <= 15 * MINUTE) return '5-15m'
  if (ackMs <= 60 * MINUTE) return '15-60m'
  return '60m+'
}

export interface SpeedGroup {
  readonly key: string | null
  readonly label: string
  readonly leads: number
  /** System delay: submitted → first sales alert delivered. */
  readonly toAlert: DurationStats
  readonly toAck: DurationStats
  readonly toContact: DurationStats
  /** Human delay: alert delivered → acknowledged, and → first contact. */
  readonly alertToAck: DurationStats
  readonly alertToContact: DurationStats
  readonly slaBands: Record<SlaBand, number>
}

export interface SpeedContext {
  readonly members: ReadonlyMap<string, TeamMember>
  readonly zones: ZoneOffsets
  /** For leads without an owner (or an owner without hours): the whole span counts. */
  readonly defaultZone: string
}

const MEASURES = ['toAlert', 'toAck', 'toContact', 'alertToAck', 'alertToContact'] as const

function accumulator(group: Group, capacity?: number) {
  const durations = MEASURES.map(() => createDurations(capacity))
  const slaBands = Object.fromEntries(SLA_BANDS.map((b) => [b, 0])) as Record<SlaBand, number>
  let leads = 0
  return {
    /** `wall[i]` is NaN where measure i has nothing to measure for this lead. */
    add(wall: Float64Array, business: Float64Array, band: SlaBand) {
      leads++
      for (let i = 0; i < MEASURES.length; i++)
        if (!Number.isNaN(wall[i]))
          (durations[i] as ReturnType<typeof createDurations>).add(wall[i] as number, business[i] as number)
      slaBands[band]++
    },
    result(): SpeedGroup {
      const [toAlert, toAck, toContact, alertToAck, alertToContact] = durations.map((d) => d.stats()) as DurationStats[]
      return {
        key: group.key,
        label: group.label,
        leads,
        toAlert: toAlert as DurationStats,
        toAck: toAck as DurationStats,
        toContact: toContact as DurationStats,
        alertToAck: alertToAck as DurationStats,
        alertToContact: alertToContact as DurationStats,
        slaBands,
      }
    },
  }
}

/** Speed-to-lead for one period: the total and one group per key (`groupOf` names each store key's group). */
export function speedToLead(
  leads: SpeedLeads,
  groupOf: (key: string | null) => Group,
  ctx: SpeedContext,
  order: 'time' | 'size',
): { total: SpeedGroup; groups: SpeedGroup[] } {
  const total = accumulator({ key: 'total', label: 'All leads' }, leads.leads)
  // Several store keys can make one group (the days of a week, two JSON spellings of one campaign).
  const named = leads.keys.map((key) => groupOf(key))
  const sizes = new Map<string | null, number>()
  for (let lead = 0; lead < leads.leads; lead++) {
    const key = (named[leads.keyOf[lead] as number] as Group).key
    sizes.set(key, (sizes.get(key) ?? 0) + 1)
  }
  const groups = new Map<string | null, ReturnType<typeof accumulator>>()
  const accumulators = named.map((group) => {
    let acc = groups.get(group.key)
    if (!acc) {
      acc = accumulator(group, sizes.get(group.key))
      groups.set(group.key, acc)
    }
    return acc
  })
  const calendars = leads.owners.map((ownerId) => {
    const owner = ownerId ? ctx.members.get(ownerId) : undefined
    return createBusinessCalendar(owner?.workingHours, owner?.timeZone ?? ctx.defaultZone, ctx.zones)
  })
  const wall = new Float64Array(MEASURES.length)
  const business = new Float64Array(MEASURES.length)
  let calendar = calendars[0] as (a: number, b: number) => number
  const measure = (i: number, start: number, end: number) => {
    if (Number.isNaN(start) || Number.isNaN(end)) {
      wall[i] = Number.NaN
      return
    }
    // A clock a little behind LinkedIn's must not make negative durations.
    const from = start < end ? start : end
    wall[i] = end - from
    business[i] = calendar(from, end)
  }
  const { submittedAt, alertedAt, ackedAt, contactedAt, keyOf, ownerOf } = leads
  for (let lead = 0; lead < leads.leads; lead++) {
    calendar = calendars[ownerOf[lead] as number] as (a: number, b: number) => number
    const submitted = submittedAt[lead] as number
    const alerted = alertedAt[lead] as number
    const acked = ackedAt[lead] as number
    const contacted = contactedAt[lead] as number
    measure(0, submitted, alerted)
    measure(1, submitted, acked)
    measure(2, submitted, contacted)
    measure(3, alerted, acked)
    measure(4, alerted, contacted)
    const band = slaBand(Number.isNaN(wall[1]) ? null : (wall[1] as number))
    total.add(wall, business, band)
    ;(accumulators[keyOf[lead] as number] as ReturnType<typeof accumulator>).add(wall, business, band)
  }
  return {
    total: total.result(),
    groups: sortGroups(
      [...groups.values()].map((g) => g.result()),
      order,
    ),
  }
}
