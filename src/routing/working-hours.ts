import { type TimeRange, WEEKDAYS, type Weekday, type WeeklyHours } from './rules-schema.js'

export interface LocalTime {
  readonly weekday: Weekday
  /** Minutes after local midnight. */
  readonly minutes: number
}

// Building a DateTimeFormat costs far more than formatting with one; there are few time zones.
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, format)
  }
  return format
}

/** The wall-clock weekday and time in `timeZone` at `at`; Intl applies the zone's DST rules. */
export function localTime(at: Date, timeZone: string): LocalTime {
  let weekday: Weekday = 'mon'
  let hour = 0
  let minute = 0
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type === 'weekday') weekday = part.value.slice(0, 3).toLowerCase() as Weekday
    else if (part.type === 'hour') hour = Number(part.value) % 24
    else if (part.type === 'minute') minute = Number(part.value)
  }
  return { weekday, minutes: hour * 60 + minute }
}

const overnight = (range: TimeRange) => range.to < range.from

function previousDay(day: Weekday): Weekday {
  return WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] as Weekday
}

/** Whether the weekly hours cover a local time. A range like 22:00-06:00 on mon runs into tuesday morning. */
export function withinHours(hours: WeeklyHours, local: LocalTime): boolean {
  const today = hours[local.weekday] ?? []
  const inToday = today.some((r) =>
    overnight(r) ? local.minutes >= r.from : local.minutes >= r.from && local.minutes < r.to,
  )
  if (inToday) return true
  const yesterday = hours[previousDay(local.weekday)] ?? []
  return yesterday.some((r) => overnight(r) && local.minutes < r.to)
}

/** Members without working hours are always working. */
export function isWorking(
  member: { readonly timeZone: string; readonly workingHours?: WeeklyHours },
  at: Date,
): boolean {
  if (!member.workingHours) return true
  return withinHours(member.workingHours, localTime(at, member.timeZone))
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>()
function wallClock(at: Date, timeZone: string): number {
  let format = dateFormatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    })
    dateFormatters.set(timeZone, format)
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]))
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!, parts.second!)
}

/**
 * The instant the local day containing `at` began in `timeZone`: the lower bound for counting a member's
 * leads "today" against `dailyCapacity`. The offset is taken at midnight itself, not at `at`, because a
 * DST change can fall between the two.
 */
export function startOfLocalDay(at: Date, timeZone: string): Date {
  const local = wallClock(at, timeZone)
  const midnight = local - (local % 86_400_000)
  const guess = midnight - (local - at.getTime())
  const offsetAtMidnight = wallClock(new Date(guess), timeZone) - guess
  return new Date(midnight - offsetAtMidnight)
}
