import { localTime, startOfLocalDay } from '../routing/index.js'
import type { SendWindow } from './config-schema.js'

/**
 * The first instant at or after `at` inside the send window, in `timeZone`. A step that falls outside
 * waits for the next opening; the steps after it are scheduled from when it actually went, so they shift
 * rather than catch up.
 */
export function nextSendTime(at: Date, window: SendWindow, timeZone: string): Date {
  const local = localTime(at, timeZone)
  if (window.days.includes(local.weekday) && local.minutes >= window.start && local.minutes < window.end) return at
  for (let offset = 0; offset <= 7; offset++) {
    // Noon of the candidate day is safely inside that local day, whatever DST does at night.
    const midnight = startOfLocalDay(
      new Date(startOfLocalDay(at, timeZone).getTime() + offset * 86_400_000 + 12 * 3_600_000),
      timeZone,
    )
    const candidate = opening(midnight, window.start, timeZone)
    if (candidate.getTime() < at.getTime()) continue
    if (window.days.includes(localTime(candidate, timeZone).weekday)) return candidate
  }
  return at
}

/** `minutes` after local midnight, corrected when a DST change between midnight and then moved the clock. */
function opening(midnight: Date, minutes: number, timeZone: string): Date {
  const guess = new Date(midnight.getTime() + minutes * 60_000)
  const drift = localTime(guess, timeZone).minutes - minutes
  return drift === 0 ? guess : new Date(guess.getTime() - drift * 60_000)
}
