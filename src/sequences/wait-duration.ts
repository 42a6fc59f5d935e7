import { localTime } from '../routing/index.js'

/** A wait step: a plain duration, or business days (Monday to Friday in the lead's zone). */
export type WaitDuration =
  | { readonly kind: 'ms'; readonly ms: number }
  | { readonly kind: 'business-days'; readonly days: number }

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** `90` (seconds, so tests need no fake clock), `90s`, `2h`, `3d`, `2 business days`; undefined otherwise. */
export function parseWait(value: number | string): WaitDuration | undefined {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 ? { kind: 'ms', ms: value * 1000 } : undefined
  const text = value.trim().toLowerCase()
  if (/^\d+$/.test(text)) return { kind: 'ms', ms: Number(text) * 1000 }
  const business = /^(\d+)\s+business\s+days?$/.exec(text)
  if (business) return { kind: 'business-days', days: Number(business[1]) }
  const plain = /^(\d+)\s*(s|m|h|d)$/.exec(text)
  if (plain) return { kind: 'ms', ms: Number(plain[1]) * (UNITS[plain[2] as string] as number) }
  return undefined
}

/** When a wait that starts at `from` ends. Business days skip Saturdays and Sundays in `timeZone`. */
export function waitUntil(from: Date, wait: WaitDuration, timeZone: string): Date {
  if (wait.kind === 'ms') return new Date(from.getTime() + wait.ms)
  let at = from.getTime()
  let left = wait.days
  while (left > 0) {
    at += 86_400_000
    const day = localTime(new Date(at), timeZone).weekday
    if (day !== 'sat' && day !== 'sun') left--
  }
  return new Date(at)
}
