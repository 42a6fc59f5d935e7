import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import type { Store } from '../store/index.js'
import { createManualClock, type ManualClock, silentLogger } from '../util/index.js'
import type { JobHandlers, JobName, JobOutcome } from './job-types.js'
import { enqueue, enqueueRows, listJobs, newJobRow } from './queue.js'
import { createWorker, type Worker } from './worker.js'

const T0 = Date.UTC(2026, 11, 1, 12)

describe.each(dialectsUnderTest())('$name: job lanes', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  let clock: ManualClock
  let worker: Worker | undefined
  /** Names in the order their handlers started. */
  let started: string[]
  /** Releases one running job of that name (the oldest). */
  let waiting: Map<string, (() => void)[]>

  beforeEach(async () => {
    ;({ store, cleanup } = await dialect.open())
    clock = createManualClock(T0)
    started = []
    waiting = new Map()
  })
  afterEach(async () => {
    for (const releases of waiting.values()) for (const release of releases) release()
    await worker?.stop()
    worker = undefined
    await cleanup()
  })

  /** A handler that records its start and holds its slot until released. */
  function held(name: JobName) {
    return async (): Promise<JobOutcome> => {
      started.push(name)
      await new Promise<void>((resolve) => {
        waiting.set(name, [...(waiting.get(name) ?? []), resolve])
      })
      return { kind: 'done' }
    }
  }
  function release(name: JobName) {
    waiting.get(name)?.shift()?.()
  }
  const handlers = {
    'process-lead': held('process-lead'),
    deliver: held('deliver'),
    pull: held('pull'),
  } satisfies JobHandlers

  function startWorker(concurrency: number) {
    worker = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers,
      concurrency,
      // Only commits (notifyJobs) and finished jobs wake it during a test.
      pollIntervalMs: 60_000,
      leaseMs: 60_000,
    })
    worker.start()
  }
  async function enqueueMany(name: 'process-lead' | 'pull' | 'deliver', n: number, runAt: Date) {
    for (let i = 0; i < n; i++) {
      if (name === 'process-lead') await enqueue(store.db, name, { eventId: i }, clock.now(), { runAt })
      else if (name === 'pull') await enqueue(store.db, name, { pullId: i }, clock.now(), { runAt })
      else await enqueue(store.db, name, { deliveryId: i }, clock.now(), { runAt })
    }
  }
  const count = (name: string) => started.filter((n) => n === name).length

  it('starts a delivery before enrichment jobs that were due earlier, once the cap is full of enrichment', async () => {
    await enqueueMany('process-lead', 10, new Date(T0 - 60_000))
    startWorker(4)
    await expect.poll(() => started.length, { timeout: 5_000 }).toBe(4)
    expect(started).toEqual(Array(4).fill('process-lead'))

    await enqueue(store.db, 'deliver', { deliveryId: 1 }, clock.now())
    store.notifyJobs()
    release('process-lead')
    await expect.poll(() => started.length, { timeout: 5_000 }).toBe(5)
    expect(started[4]).toBe('deliver')
    // The slot the delivery took goes back to enrichment afterwards.
    release('deliver')
    await expect.poll(() => started.length, { timeout: 5_000 }).toBe(6)
    expect(started[5]).toBe('process-lead')
  })

  it('keeps slots for messages while bulk work has more jobs than the cap', async () => {
    await enqueueMany('pull', 10, new Date(T0 - 60_000))
    startWorker(4)
    await expect.poll(() => count('pull'), { timeout: 5_000 }).toBe(2)

    await enqueueMany('deliver', 2, clock.now())
    store.notifyJobs()
    await expect.poll(() => count('deliver'), { timeout: 5_000 }).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(count('pull')).toBe(2)
    // A finished pull hands its slot to the next pull, never beyond bulk's half.
    release('pull')
    await expect.poll(() => count('pull'), { timeout: 5_000 }).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(started.length).toBe(5)
  })

  it('lets a lane alone use the whole cap', async () => {
    await enqueueMany('process-lead', 10, clock.now())
    startWorker(8)
    await expect.poll(() => count('process-lead'), { timeout: 5_000 }).toBe(8)
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(started.length).toBe(8)
    for (let i = 0; i < 8; i++) release('process-lead')
    await expect.poll(() => count('process-lead'), { timeout: 5_000 }).toBe(10)
    for (let i = 0; i < 2; i++) release('process-lead')

    await enqueueMany('deliver', 10, clock.now())
    store.notifyJobs()
    await expect.poll(() => count('deliver'), { timeout: 5_000 }).toBe(8)
  })

  it('still claims a job of a name no lane lists, and dead-letters it for want of a handler', async () => {
    await enqueueRows(store.db, [{ ...newJobRow('pull', { pullId: 1 }, clock.now()), name: 'retired-job' }])
    const once = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers,
      concurrency: 4,
      pollIntervalMs: 50,
      leaseMs: 60_000,
    })
    await once.drain()
    const [job] = await listJobs(store.db)
    expect(job).toMatchObject({ name: 'retired-job', state: 'dead', last_error: 'no handler for job "retired-job"' })
  })
})
