/**
 * Counts events in a sliding window and calls `onBurst` when there are `threshold` of them, at most once
 * per window. In memory per process: a burst that matters shows up in any one process.
 */
export function createBurstWatch(options: {
  threshold: number
  windowMs: number
  now: () => number
  onBurst: (count: number) => void
}) {
  let times: number[] = []
  let quietUntil = 0
  return {
    record() {
      const now = options.now()
      times = times.filter((t) => now - t < options.windowMs)
      times.push(now)
      if (times.length >= options.threshold && now >= quietUntil) {
        quietUntil = now + options.windowMs
        options.onBurst(times.length)
      }
    },
  }
}
