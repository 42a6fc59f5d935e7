import { describe, expect, it } from 'vitest'
import { troughSlope } from './soak.js'

// The soak's verdict rests on this slope: a leak must show, a garbage collector's sawtooth must not.
const sawtooth = (i: number) => (i % 10) * 15

describe('soak slope', () => {
  it('reads a flat sawtooth as flat, wherever the run happens to end', () => {
    for (const samples of [90, 95, 99, 100, 105, 144]) {
      const points = Array.from({ length: samples }, (_, i) => [i / 120, 230 + sawtooth(i)] as const)
      expect(Math.abs(troughSlope(points))).toBeLessThan(1)
    }
  })

  it('reads a steady leak under the sawtooth as its rate', () => {
    for (const samples of [90, 99, 144]) {
      const points = Array.from({ length: samples }, (_, i) => [i / 120, 230 + 40 * (i / 120) + sawtooth(i)] as const)
      expect(troughSlope(points)).toBeGreaterThan(30)
      expect(troughSlope(points)).toBeLessThan(50)
    }
  })
})
