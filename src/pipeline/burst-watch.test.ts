import { describe, expect, it } from 'vitest'
import { createBurstWatch } from './burst-watch.js'

describe('burst watch', () => {
  it('fires once when the threshold is reached within the window, then stays quiet for a window', () => {
    let now = 0
    const bursts: number[] = []
    const watch = createBurstWatch({ threshold: 3, windowMs: 1000, now: () => now, onBurst: (n) => bursts.push(n) })
    watch.record()
    now = 400
    watch.record()
    expect(bursts).toEqual([])
    now = 800
    watch.record()
    expect(bursts).toEqual([3])
    now = 900
    watch.record()
    expect(bursts).toEqual([3])
    now = 5000
    watch.record()
    watch.record()
    expect(bursts).toEqual([3])
    watch.record()
    expect(bursts).toEqual([3, 3])
  })
})
