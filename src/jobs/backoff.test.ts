import { describe, expect, it } from 'vitest'
import { nextAttemptAt } from './backoff.js'

const now = new Date(Date.UTC(2026, 10, 27, 12))
const policy = { baseMs: 1_000, capMs: 30_000 }
const delay = (attempt: number, random: number, notBefore?: Date) =>
  nextAttemptAt(attempt, now, { policy, random: () => random, notBefore }).getTime() - now.getTime()

describe('nextAttemptAt', () => {
  it('doubles the delay with each attempt', () => {
    expect([1, 2, 3, 4].map((a) => delay(a, 1))).toEqual([1_000, 2_000, 4_000, 8_000])
  })

  it('never waits longer than the cap', () => {
    expect(delay(20, 1)).toBe(30_000)
  })

  it('jitters between half and all of the delay, so a burst of retries spreads out', () => {
    expect(delay(3, 0)).toBe(2_000)
    expect(delay(3, 0.5)).toBe(3_000)
  })

  it("honours a server's Retry-After when it is later than the back-off", () => {
    expect(delay(1, 1, new Date(now.getTime() + 90_000))).toBe(90_000)
    expect(delay(3, 1, new Date(now.getTime() + 10))).toBe(4_000)
  })
})
