/** Time, injected so that back-off, leases, working hours and display dates can be tested. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that moves only when told to; for tests and simulations. */
export function createManualClock(start: Date | number = Date.UTC(2026, 0, 1)) {
  let current = typeof start === 'number' ? start : start.getTime()
  return {
    now: () => new Date(current),
    set(to: Date | number) {
      current = typeof to === 'number' ? to : to.getTime()
    },
    advance(ms: number) {
      current += ms
    },
  }
}
export type ManualClock = ReturnType<typeof createManualClock>
