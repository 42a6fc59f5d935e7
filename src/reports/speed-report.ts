import type { TeamMember } from '../routing/index.js'
import { businessSinceSubmitted, type SpeedDurations } from '../store/index.js'
import { createBusinessCalendar, type ZoneOffsets } from './business-hours.js'
import { type Group, sortGroups } from './group-by.js'
import { type DurationStats, ranks } from './percentiles.js'

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
const BAND_OF_ACK = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE] // upper bounds of the first three bands, inclusive

/** One group's durations, straight into typed arrays sized for it: no object or closure per lead. */
function accumulator(group: Group, capacity: number) {
  const wall = MEASURES.map(() => new Float64Array(capacity))
  const business = MEASURES.map(() => new Float64Array(capacity))
  const counts = new Int32Array(MEASURES.length)
  const bands = new Int32Array(SLA_BANDS.length)
  return {
    group,
    wall,
    business,
    counts,
    bands,
    leads: 0,
    result(): SpeedGroup {
      const stats = MEASURES.map((_, m) => {
        const n = counts[m] as number
        const w = ranks((wall[m] as Float64Array).subarray(0, n))
        const b = ranks((business[m] as Float64Array).subarray(0, n))
        return { count: n, p50Ms: w.p50, p90Ms: w.p90, maxMs: w.max, businessP50Ms: b.p50, businessP90Ms: b.p90 }
      }) as DurationStats[]
      const [toAlert, toAck, toContact, alertToAck, alertToContact] = stats as [
        DurationStats,
        DurationStats,
        DurationStats,
        DurationStats,
        DurationStats,
      ]
      const slaBands = Object.fromEntries(SLA_BANDS.map((b, i) => [b, bands[i] as number])) as Record<SlaBand, number>
      const { key, label } = group
      return { key, label, leads: this.leads, toAlert, toAck, toContact, alertToAck, alertToContact, slaBands }
    },
  }
}
type Accumulator = ReturnType<typeof accumulator>

/**
 * The business figures the store lacks (a lead recorded before migration 2026-12-03-13, or by a store without
 * working hours), computed as the store would: the owner's working time from submitted to each event, signed.
 */
function fillMissing(leads: SpeedDurations, ctx: SpeedContext) {
  const calendars = leads.owners.map((ownerId) => {
    const owner = ownerId ? ctx.members.get(ownerId) : undefined
    return createBusinessCalendar(owner?.workingHours, owner?.timeZone ?? ctx.defaultZone, ctx.zones)
  })
  const pairs = [
    [leads.alert, leads.alertBusiness],
    [leads.ack, leads.ackBusiness],
    [leads.contact, leads.contactBusiness],
  ] as const
  for (let lead = 0; lead < leads.leads; lead++) {
    const owner = leads.ownerOf[lead] as number
    if (owner < 0) continue
    const calendar = calendars[owner] as (a: number, b: number) => number
    const submitted = leads.submittedAt[lead] as number
    for (const [since, business] of pairs)
      if (!Number.isNaN(since[lead]) && Number.isNaN(business[lead]))
        business[lead] = businessSinceSubmitted(calendar, submitted, submitted + (since[lead] as number))
  }
}

/**
 * Speed-to-lead for one period: the total and one group per key (`groupOf` names each store key's group). Every
 * duration is a difference of two times since submitted (wall clock, and the owner's working time), at least 0:
 * a clock a little behind LinkedIn's must not make negative durations.
 */
export function speedToLead(
  leads: SpeedDurations,
  groupOf: (key: string | null) => Group,
  ctx: SpeedContext,
  order: 'time' | 'size',
): { total: SpeedGroup; groups: SpeedGroup[] } {
  fillMissing(leads, ctx)
  // Several store keys can make one group (the days of a week, two JSON spellings of one campaign).
  const named = leads.keys.map((key) => groupOf(key))
  const sizes = new Map<string | null, number>()
  for (let lead = 0; lead < leads.leads; lead++) {
    const key = (named[leads.keyOf[lead] as number] as Group).key
    sizes.set(key, (sizes.get(key) ?? 0) + 1)
  }
  const total = accumulator({ key: 'total', label: 'All leads' }, leads.leads)
  const groups = new Map<string | null, Accumulator>()
  const accumulators = named.map((group) => {
    let acc = groups.get(group.key)
    if (!acc) {
      acc = accumulator(group, sizes.get(group.key) ?? 0)
      groups.set(group.key, acc)
    }
    return acc
  })
  const { alert, ack, contact, alertBusiness, ackBusiness, contactBusiness, keyOf } = leads
  const both = [total, total]
  const put = (m: number, wall: number, business: number) => {
    for (const acc of both) {
      const at = acc.counts[m] as number
      ;(acc.wall[m] as Float64Array)[at] = Math.max(wall, 0)
      ;(acc.business[m] as Float64Array)[at] = Math.max(business, 0)
      acc.counts[m] = at + 1
    }
  }
  for (let lead = 0; lead < leads.leads; lead++) {
    both[1] = accumulators[keyOf[lead] as number] as Accumulator
    const a = alert[lead] as number
    const k = ack[lead] as number
    const c = contact[lead] as number
    const alerted = !Number.isNaN(a)
    if (alerted) put(0, a, alertBusiness[lead] as number)
    let band = SLA_BANDS.length - 1 // never
    if (!Number.isNaN(k)) {
      put(1, k, ackBusiness[lead] as number)
      if (alerted) put(3, k - a, (ackBusiness[lead] as number) - (alertBusiness[lead] as number))
      const ms = Math.max(k, 0)
      band = 0
      while (band < BAND_OF_ACK.length && ms > (BAND_OF_ACK[band] as number)) band++
    }
    if (!Number.isNaN(c)) {
      put(2, c, contactBusiness[lead] as number)
      if (alerted) put(4, c - a, (contactBusiness[lead] as number) - (alertBusiness[lead] as number))
    }
    for (const acc of both) {
      acc.leads++
      acc.bands[band] = (acc.bands[band] as number) + 1
    }
  }
  return {
    total: total.result(),
    groups: sortGroups(
      [...groups.values()].map((g) => g.result()),
      order,
    ),
  }
}
