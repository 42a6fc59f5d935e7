import { describe, expect, it } from 'vitest'
import { leadTimeZone } from './lead-time-zone.js'
import { nextSendTime } from './send-window.js'
import { parseWait, waitUntil } from './wait-duration.js'

const WINDOW = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'] as ('mon' | 'tue' | 'wed' | 'thu' | 'fri')[],
  start: 8 * 60,
  end: 18 * 60,
}
const NY = 'America/New_York'

describe('wait durations', () => {
  it.each([
    [90, { kind: 'ms', ms: 90_000 }],
    ['90', { kind: 'ms', ms: 90_000 }],
    ['45s', { kind: 'ms', ms: 45_000 }],
    ['2h', { kind: 'ms', ms: 7_200_000 }],
    ['3d', { kind: 'ms', ms: 259_200_000 }],
    ['2 business days', { kind: 'business-days', days: 2 }],
    ['1 Business Day', { kind: 'business-days', days: 1 }],
  ])('reads %j', (input, expected) => {
    expect(parseWait(input)).toEqual(expected)
  })

  it.each(['soon', '2 weeks', '-1', '1.5h', ''])('rejects %j', (input) => {
    expect(parseWait(input)).toBeUndefined()
  })

  it('counts business days over a weekend in the lead’s zone', () => {
    // Thursday 15:00 New York + 2 business days = Monday 15:00.
    const thursday = new Date('2026-12-03T20:00:00Z')
    expect(waitUntil(thursday, { kind: 'business-days', days: 2 }, NY).toISOString()).toBe('2026-12-07T20:00:00.000Z')
  })
})

describe('send windows', () => {
  it('sends at once inside the window', () => {
    const tuesday = new Date('2026-12-01T15:00:00Z') // 10:00 New York
    expect(nextSendTime(tuesday, WINDOW, NY)).toEqual(tuesday)
  })

  it('waits from Saturday to Monday’s opening', () => {
    expect(nextSendTime(new Date('2026-12-05T15:00:00Z'), WINDOW, NY).toISOString()).toBe('2026-12-07T13:00:00.000Z')
  })

  it('waits from after closing to the next working morning', () => {
    // Friday 19:00 New York → Monday 08:00.
    expect(nextSendTime(new Date('2026-12-05T00:00:00Z'), WINDOW, NY).toISOString()).toBe('2026-12-07T13:00:00.000Z')
    // Tuesday 06:00 → Tuesday 08:00.
    expect(nextSendTime(new Date('2026-12-01T11:00:00Z'), WINDOW, NY).toISOString()).toBe('2026-12-01T13:00:00.000Z')
  })

  it('opens at 08:00 local on the day the clocks change', () => {
    // Sunday 8 March 2026 is the spring-forward day; a Sunday window opens at 08:00 EDT (12:00 UTC).
    const sundays = { ...WINDOW, days: ['sun'] as 'sun'[] }
    expect(nextSendTime(new Date('2026-03-08T05:00:00Z'), sundays, NY).toISOString()).toBe('2026-03-08T12:00:00.000Z')
  })
})

describe('the lead’s time zone', () => {
  it('comes from the US state, else the ZIP code, else the owner’s zone', () => {
    expect(leadTimeZone({ state: 'California' }, NY)).toBe('America/Los_Angeles')
    expect(leadTimeZone({ state: 'TX' }, NY)).toBe('America/Chicago')
    expect(leadTimeZone({ postalCode: '80202' }, NY)).toBe('America/Denver')
    expect(leadTimeZone({ postalCode: '98101-1234' }, NY)).toBe('America/Los_Angeles')
    expect(leadTimeZone({ postalCode: 'SW1A 1AA', country: 'GB' }, 'Europe/London')).toBe('Europe/London')
    expect(leadTimeZone({}, 'America/Chicago')).toBe('America/Chicago')
  })
})
