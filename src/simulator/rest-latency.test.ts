import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RestCall } from './rest-timing.js'
import { testSimulator } from './test-helpers.js'

const FORMS = '/rest/leadForms/7234246'

/** Resolves with the answer, or with 'pending' if it has not come after the event loop has drained a while. */
async function settled<T>(promise: Promise<T>): Promise<T | 'pending'> {
  const pending = Symbol('pending')
  let outcome: T | typeof pending = pending
  promise.then((value) => {
    outcome = value
  })
  for (let i = 0; i < 20 && outcome === pending; i++) await new Promise((resolve) => setImmediate(resolve))
  return outcome === pending ? 'pending' : outcome
}

// On fake timers: the delay is a timer of exactly restLatencyMs, and 0 sets none. No wall-clock timing here.
describe('REST API latency (restLatencyMs)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('holds every /rest answer, errors included, until the configured time has passed', async () => {
    const { rest } = testSimulator({ restLatencyMs: 200 })
    for (const headers of [{}, { authorization: undefined }]) {
      const answer = rest(FORMS, headers)
      expect(await settled(answer)).toBe('pending')
      await vi.advanceTimersByTimeAsync(199)
      expect(await settled(answer)).toBe('pending')
      await vi.advanceTimersByTimeAsync(1)
      const res = await answer
      expect(res.statusCode).toBe('authorization' in headers ? 401 : 200)
    }
  })

  it('answers at once at 0 (the default), and reports each /rest call with its arrival and answer times', async () => {
    const calls: RestCall[] = []
    for (const options of [{ restLatencyMs: 0 }, {}]) {
      const { rest } = testSimulator({ ...options, onRestCall: (call) => calls.push(call) })
      const res = await settled(rest(FORMS))
      expect(res === 'pending' ? res : res.statusCode).toBe(200)
    }
    expect(calls).toEqual([
      expect.objectContaining({ method: 'GET', url: FORMS, statusCode: 200 }),
      expect.objectContaining({ method: 'GET', url: FORMS, statusCode: 200 }),
    ])
    for (const call of calls) expect(call.respondedAt).toBeGreaterThanOrEqual(call.receivedAt)
  })

  it('rejects a negative latency', () => {
    expect(() => testSimulator({ restLatencyMs: -1 })).toThrow(RangeError)
  })
})
