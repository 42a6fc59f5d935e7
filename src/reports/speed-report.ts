import type { TeamMember } from '../routing/index.js'
import type { ReportLeadRow } from '../store/index.js'
import { businessMs, type ZoneOffsets } from './business-hours.js'
import { type GroupBy, type GroupLabels, groupOf, sortGroups } from './group-by.js'
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
  readonly labels: GroupLabels
  readonly zones: ZoneOffsets
  /** For leads without an owner (or an owner without hours): the whole span counts. */
  readonly defaultZone: string
}

function accumulator(key: string | null, label: string) {
  const durations = {
    toAlert: createDurations(),
    toAck: createDurations(),
    toContact: createDurations(),
    alertToAck: createDurations(),
    alertToContact: createDurations(),
  }
  const slaBands = Object.fromEntries(SLA_BANDS.map((b) => [b, 0])) as Record<SlaBand, number>
  let leads = 0
  return {
    add(row: ReportLeadRow, ctx: SpeedContext) {
      leads++
      const owner = row.owner_id ? ctx.members.get(row.owner_id) : undefined
      const zone = owner?.timeZone ?? ctx.defaultZone
      const measure = (name: keyof typeof durations, start: number | null, end: number | null) => {
        if (start === null || end === null) return
        // A clock a little behind LinkedIn's must not make negative durations.
        const from = Math.min(start, end)
        durations[name].add(end - from, businessMs(from, end, owner?.workingHours, zone, ctx.zones))
      }
      measure('toAlert', row.submitted_at, row.alerted_at)
      measure('toAck', row.submitted_at, row.acked_at)
      measure('toContact', row.submitted_at, row.contacted_at)
      measure('alertToAck', row.alerted_at, row.acked_at)
      measure('alertToContact', row.alerted_at, row.contacted_at)
      slaBands[slaBand(row.acked_at === null ? null : Math.max(0, row.acked_at - row.submitted_at))]++
    },
    result(): SpeedGroup {
      return {
        key,
        label,
        leads,
        toAlert: durations.toAlert.stats(),
        toAck: durations.toAck.stats(),
        toContact: durations.toContact.stats(),
        alertToAck: durations.alertToAck.stats(),
        alertToContact: durations.alertToContact.stats(),
        slaBands,
      }
    },
  }
}

/** Speed-to-lead for one period: the total and one group per `by` value. */
export function speedToLead(
  rows: readonly ReportLeadRow[],
  by: GroupBy,
  ctx: SpeedContext,
): { total: SpeedGroup; groups: SpeedGroup[] } {
  const total = accumulator('total', 'All leads')
  const groups = new Map<string | null, ReturnType<typeof accumulator>>()
  for (const row of rows) {
    total.add(row, ctx)
    const { key, label } = groupOf(row, by, ctx.labels)
    let group = groups.get(key)
    if (!group) {
      group = accumulator(key, label)
      groups.set(key, group)
    }
    group.add(row, ctx)
  }
  return {
    total: total.result(),
    groups: sortGroups(
      [...groups.values()].map((g) => g.result()),
      by,
    ),
  }
}
