import { describe, expect, it } from 'vitest'
import { businessMs, createBusinessCalendar, createZoneOffsets } from './business-hours.js'
import { nearestRank, ranks } from './percentiles.js'

const H = 3_600_000
const nineToFive = { mon: [{ from: 540, to: 1020 }], tue: [{ from: 540, to: 1020 }], fri: [{ from: 540, to: 1020 }] }
const night = { mon: [{ from: 22 * 60, to: 6 * 60 }] }

describe('business hours', () => {
  const zones = createZoneOffsets()
  const cases: [string, number, number, typeof nineToFive | typeof night | undefined, string, number][] = [
    // Friday 16:00 New York → Monday 10:00: one hour on Friday, none at the weekend, one on Monday.
    [
      'over a weekend',
      Date.parse('2026-11-27T21:00:00Z'),
      Date.parse('2026-11-30T15:00:00Z'),
      nineToFive,
      'America/New_York',
      2 * H,
    ],
    // The clocks went back on Sunday 2026-11-01: Monday's 09:00 is 14:00 UTC, no longer 13:00.
    [
      'after the clocks went back',
      Date.parse('2026-11-02T13:00:00Z'),
      Date.parse('2026-11-02T15:00:00Z'),
      nineToFive,
      'America/New_York',
      H,
    ],
    [
      'a range past midnight',
      Date.parse('2026-11-23T23:00:00Z'),
      Date.parse('2026-11-24T08:00:00Z'),
      night,
      'UTC',
      7 * H,
    ],
    ['no hours: always working', 0, 5 * H, undefined, 'UTC', 5 * H],
    ['an empty span', 10, 10, nineToFive, 'UTC', 0],
  ]
  for (const [name, start, end, hours, zone, expected] of cases) {
    it(`counts only working time: ${name}`, () => {
      expect(businessMs(start, end, hours, zone, zones)).toBe(expected)
      expect(createBusinessCalendar(hours, zone, zones)(start, end)).toBe(expected)
    })
  }
})

describe('nearest-rank percentiles', () => {
  it('takes the value at rank ⌈p·n⌉', () => {
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2)
    expect(nearestRank([1, 2, 3, 4], 0.9)).toBe(4)
    expect(nearestRank([7], 0.9)).toBe(7)
    expect(nearestRank([], 0.5)).toBeNull()
  })

  it('selects the same ranks as sorting does, on lists with repeats', () => {
    let seed = 7
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Array.from({ length: n }, () => {
        seed = (seed * 48271) % 2147483647
        return seed % 50
      })
      const sorted = [...values].sort((a, b) => a - b)
      expect(ranks(Float64Array.from(values))).toEqual({
        p50: nearestRank(sorted, 0.5),
        p90: nearestRank(sorted, 0.9),
        max: sorted.at(-1),
      })
    }
  })
})
