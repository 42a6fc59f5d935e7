import { type TeamMember, WEEKDAYS, type WeeklyHours } from '../routing/index.js'

const HOUR = 3_600_000
const DAY = 86_400_000

/**
 * Numbers by integer index (hours or days since the epoch) in a typed array that grows around the indexes asked
 * for; NaN where nothing is stored. A report asks millions of times over a few thousand indexes, and a Map lookup
 * per ask was the largest part of its business-hours time.
 */
function createHourTable() {
  const MAX_SPAN = 1 << 18 // 30 years of hours; an index farther out (a bogus date) goes to the Map
  const far = new Map<number, number>()
  let base = 0
  let values = new Float64Array(0)
  return {
    get(index: number): number {
      const at = index - base
      return at >= 0 && at < values.length ? (values[at] as number) : (far.get(index) ?? Number.NaN)
    },
    set(index: number, value: number) {
      if (values.length === 0) base = index - 512
      let at = index - base
      if (at < 0 || at >= values.length) {
        const from = Math.min(base, index - 512)
        const to = Math.max(base + values.length, index + 512)
        if (to - from > MAX_SPAN) {
          far.set(index, value)
          return
        }
        const grown = new Float64Array(Math.min(MAX_SPAN, Math.max(to - from, values.length * 2))).fill(Number.NaN)
        grown.set(values, base - from)
        base = from
        values = grown
        at = index - base
      }
      values[at] = value
    },
  }
}

/**
 * A zone's UTC offset, looked up once per zone and UTC hour: reports turn hundreds of thousands of instants into
 * wall-clock time, and one Intl call per instant costs more than the whole query.
 */
export function createZoneOffsets() {
  const formats = new Map<string, Intl.DateTimeFormat>()
  const cache = new Map<string, ReturnType<typeof createHourTable>>()
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
  function tableOf(zone: string) {
    let table = cache.get(zone)
    if (!table) {
      table = createHourTable()
      cache.set(zone, table)
    }
    return table
  }
  /** `offset` for one zone, without looking the zone up on every call. */
  function inZone(zone: string) {
    const table = tableOf(zone)
    return (at: number): number => {
      const hour = Math.floor(at / HOUR)
      let value = table.get(hour)
      if (Number.isNaN(value)) {
        value = compute(hour * HOUR, zone)
        table.set(hour, value)
      }
      return value
    }
  }
  /** Milliseconds to add to a UTC instant to get the wall clock in `zone`. */
  const offset = (at: number, zone: string): number => inZone(zone)(at)
  /** The UTC instant of a wall-clock time in `zone` (the later reading when a DST change repeats it). */
  function utcOf(wall: number, zone: string): number {
    const first = offset(wall, zone)
    const guess = wall - first
    const second = offset(guess, zone)
    return second === first ? guess : wall - second
  }
  return { offset, utcOf, inZone }
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
  // Each local day's working intervals in UTC, flattened [from, to, from, to…], by day since the epoch.
  const dayIndex = createHourTable()
  const lists: Float64Array[] = []
  function intervals(day: number): Float64Array {
    const at = dayIndex.get(day)
    if (!Number.isNaN(at)) return lists[at] as Float64Array
    const ranges = hours?.[WEEKDAYS[weekdayIndex(day)] as (typeof WEEKDAYS)[number]] ?? []
    const list = new Float64Array(ranges.length * 2)
    ranges.forEach((range, i) => {
      const to = range.to <= range.from ? range.to + 24 * 60 : range.to
      list[2 * i] = zones.utcOf(day * DAY + range.from * 60_000, zone)
      list[2 * i + 1] = zones.utcOf(day * DAY + to * 60_000, zone)
    })
    dayIndex.set(day, lists.length)
    lists.push(list)
    return list
  }
  const offset = zones.inZone(zone)
  return function calendarMs(start: number, end: number): number {
    if (end <= start) return 0
    if (!hours) return end - start
    const lastDay = Math.floor((end + offset(end)) / DAY)
    let total = 0
    // The day before, for a range that ran past midnight into the start.
    for (let day = Math.floor((start + offset(start)) / DAY) - 1; day <= lastDay; day++) {
      const list = intervals(day)
      for (let i = 0; i < list.length; i += 2) {
        const a = Math.max(list[i] as number, start)
        const b = Math.min(list[i + 1] as number, end)
        if (b > a) total += b - a
      }
    }
    return total
  }
}

/**
 * Each owner's `createBusinessCalendar`, made once per owner: the store's `BusinessTime`, with which it keeps the
 * business-hours speed figures as each event is recorded (a lead without a known owner counts the whole span).
 */
export function createBusinessTime(members: readonly TeamMember[], defaultZone: string, zones = createZoneOffsets()) {
  const byId = new Map(members.map((m) => [m.id, m]))
  const calendars = new Map<string | null, (start: number, end: number) => number>()
  return (ownerId: string | null) => {
    let calendar = calendars.get(ownerId)
    if (!calendar) {
      const owner = ownerId ? byId.get(ownerId) : undefined
      calendar = createBusinessCalendar(owner?.workingHours, owner?.timeZone ?? defaultZone, zones)
      calendars.set(ownerId, calendar)
    }
    return calendar
  }
}
