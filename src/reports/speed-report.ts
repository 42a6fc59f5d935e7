import type { TeamMember } from '../routing/index.js'
import type { SpeedRow } from '../store/index.js'
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

function accumulator(group: Group) {
  const durations = MEASURES.map(() => createDurations())
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

/** Speed-to-lead for one period: the total and one group per key (`groupOf` names each lead's group). */
export function speedToLead(
  rows: readonly SpeedRow[],
  groupOf: (row: SpeedRow) => Group,
  ctx: SpeedContext,
  order: 'time' | 'size',
): { total: SpeedGroup; groups: SpeedGroup[] } {
  const total = accumulator({ key: 'total', label: 'All leads' })
  const groups = new Map<string | null, ReturnType<typeof accumulator>>()
  const calendars = new Map<string | null, (start: number, end: number) => number>()
  const calendarOf = (ownerId: string | null) => {
    let calendar = calendars.get(ownerId)
    if (!calendar) {
      const owner = ownerId ? ctx.members.get(ownerId) : undefined
      calendar = createBusinessCalendar(owner?.workingHours, owner?.timeZone ?? ctx.defaultZone, ctx.zones)
      calendars.set(ownerId, calendar)
    }
    return calendar
  }
  const wall = new Float64Array(MEASURES.length)
  const business = new Float64Array(MEASURES.length)
  const measure = (i: number, start: number | null, end: number | null, calendar: (a: number, b: number) => number) => {
    if (start === null || end === null) {
      wall[i] = Number.NaN
      return
    }
    // A clock a little behind LinkedIn's must not make negative durations.
    const from = start < end ? start : end
    wall[i] = end - from
    business[i] = calendar(from, end)
  }
  for (const row of rows) {
    const calendar = calendarOf(row.owner_id)
    measure(0, row.submitted_at, row.alerted_at, calendar)
    measure(1, row.submitted_at, row.acked_at, calendar)
    measure(2, row.submitted_at, row.contacted_at, calendar)
    measure(3, row.alerted_at, row.acked_at, calendar)
    measure(4, row.alerted_at, row.contacted_at, calendar)
    const band = slaBand(Number.isNaN(wall[1]) ? null : (wall[1] as number))
    total.add(wall, business, band)
    const group = groupOf(row)
    let acc = groups.get(group.key)
    if (!acc) {
      acc = accumulator(group)
      groups.set(group.key, acc)
    }
    acc.add(wall, business, band)
  }
  return {
    total: total.result(),
    groups: sortGroups(
      [...groups.values()].map((g) => g.result()),
      order,
    ),
  }
}
