import { WEEKDAYS, type WeeklyHours } from '../routing/index.js'

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * A zone's UTC offset, looked up once per zone and UTC hour: reports turn hundreds of thousands of instants into
 * wall-clock time, and one Intl call per instant costs more than the whole query.
 */
export function createZoneOffsets() {
  const formats = new Map<string, Intl.DateTimeFormat>()
  const cache = new Map<string, Map<number, number>>()
  function compute(at: number, zone: string): number {
    let format = formats.get(zone)
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        hourCycle: 'h23',
      })
      formats.set(zone, format)
    }
    const p: Record<string, number> = {}
    for (const part of format.formatToParts(new Date(at))) p[part.type] = Number(part.value)
    const wall = Date.UTC(p.year as number, (p.month as number) - 1, p.day, (p.hour as number) % 24, p.minute)
    return wall - (at - (at % 60_000))
  }
  /** Milliseconds to add to a UTC instant to get the wall clock in `zone`. */
  function offset(at: number, zone: string): number {
    let zoneCache = cache.get(zone)
    if (!zoneCache) {
      zoneCache = new Map()
      cache.set(zone, zoneCache)
    }
    const hour = Math.floor(at / HOUR)
    let value = zoneCache.get(hour)
    if (value === undefined) {
      value = compute(hour * HOUR, zone)
      zoneCache.set(hour, value)
    }
    return value
  }
  /** The UTC instant of a wall-clock time in `zone` (the later reading when a DST change repeats it). */
  function utcOf(wall: number, zone: string): number {
    const first = offset(wall, zone)
    const guess = wall - first
    const second = offset(guess, zone)
    return second === first ? guess : wall - second
  }
  return { offset, utcOf }
}
export type ZoneOffsets = ReturnType<typeof createZoneOffsets>

/** Monday is 0. Day 0 of the epoch (1970-01-01) was a Thursday. */
export const weekdayIndex = (epochDay: number) => (((epochDay + 3) % 7) + 7) % 7

/**
 * How much of [start, end) falls in the weekly hours, in `zone`. Without hours the member is always working, so
 * the whole span counts. A range past midnight (22:00-06:00) runs into the next day.
 */
export function businessMs(
  start: number,
  end: number,
  hours: WeeklyHours | undefined,
  zone: string,
  zones: ZoneOffsets,
): number {
  if (end <= start) return 0
  if (!hours) return end - start
  const firstDay = Math.floor((start + zones.offset(start, zone)) / DAY) - 1
  const lastDay = Math.floor((end + zones.offset(end, zone)) / DAY)
  let total = 0
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = hours[WEEKDAYS[weekdayIndex(day)] as (typeof WEEKDAYS)[number]]
    if (!ranges) continue
    for (const range of ranges) {
      const to = range.to <= range.from ? range.to + 24 * 60 : range.to
      const a = Math.max(start, zones.utcOf(day * DAY + range.from * 60_000, zone))
      const b = Math.min(end, zones.utcOf(day * DAY + to * 60_000, zone))
      if (b > a) total += b - a
    }
  }
  return total
}

/**
 * `businessMs` for one member, with each local day's working intervals turned into UTC once and kept: a report
 * measures hundreds of thousands of spans over the same few weeks.
 */
export function createBusinessCalendar(hours: WeeklyHours | undefined, zone: string, zones: ZoneOffsets) {
  const days = new Map<number, readonly (readonly [number, number])[]>()
  function intervals(day: number) {
    let list = days.get(day)
    if (!list) {
      const ranges = hours?.[WEEKDAYS[weekdayIndex(day)] as (typeof WEEKDAYS)[number]] ?? []
      list = ranges.map((range) => {
        const to = range.to <= range.from ? range.to + 24 * 60 : range.to
        return [zones.utcOf(day * DAY + range.from * 60_000, zone), zones.utcOf(day * DAY + to * 60_000, zone)] as const
      })
      days.set(day, list)
    }
    return list
  }
  return function calendarMs(start: number, end: number): number {
    if (end <= start) return 0
    if (!hours) return end - start
    const lastDay = Math.floor((end + zones.offset(end, zone)) / DAY)
    let total = 0
    // The day before, for a range that ran past midnight into the start.
    for (let day = Math.floor((start + zones.offset(start, zone)) / DAY) - 1; day <= lastDay; day++) {
      for (const [from, to] of intervals(day)) {
        const a = Math.max(from, start)
        const b = Math.min(to, end)
        if (b > a) total += b - a
      }
    }
    return total
  }
}
