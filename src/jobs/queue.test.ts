import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import type { Store } from '../store/index.js'
import { createManualClock, type ManualClock, silentLogger } from '../util/index.js'
import { claimJobs } from './claim.js'
import type { JobOutcome } from './job-types.js'
import { buryAbandonedJobs, completeJob, enqueue, listJobs, replayJob } from './queue.js'
import { createWorker } from './worker.js'

const T0 = Date.UTC(2026, 10, 27, 12)

describe.each(dialectsUnderTest())('$name: job queue', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  let clock: ManualClock
  beforeEach(async () => {
    ;({ store, cleanup } = await dialect.open())
    clock = createManualClock(T0)
  })
  afterEach(async () => {
    await cleanup()
  })

  const claim = (workerId = 'w1', leaseMs = 60_000, limit = 10) =>
    claimJobs(store, { workerId, now: clock.now(), leaseMs, limit })

  function workerWith(handler: () => Promise<JobOutcome>) {
    return createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers: { 'process-lead': handler },
      concurrency: 2,
      pollIntervalMs: 50,
      leaseMs: 60_000,
      backoff: { baseMs: 1_000, capMs: 60_000 },
      random: () => 1,
    })
  }

  it('enqueues a key once: the second enqueue of the same key is a no-op', async () => {
    expect(await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now(), { key: 'k' })).toBe(true)
    expect(await enqueue(store.db, 'process-lead', { eventId: 2 }, clock.now(), { key: 'k' })).toBe(false)
    expect(await listJobs(store.db)).toHaveLength(1)
  })

  it('claims due jobs oldest first, counts the attempt at claim, and leaves future ones alone', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    await enqueue(store.db, 'process-lead', { eventId: 2 }, clock.now())
    await enqueue(store.db, 'process-lead', { eventId: 3 }, clock.now(), { runAt: new Date(T0 + 60_000) })
    const claimed = await claim()
    expect(claimed.map((j) => JSON.parse(j.payload).eventId)).toEqual([1, 2])
    expect(claimed.every((j) => j.attempts === 1 && j.state === 'running' && j.locked_by === 'w1')).toBe(true)
    expect(await claim('w2')).toEqual([])
  })

  it('gives a job whose lease expired to another worker, counting a second attempt', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    const [first] = await claim('w1', 1_000)
    clock.advance(999)
    expect(await claim('w2')).toEqual([])
    clock.advance(2)
    const [again] = await claim('w2')
    expect(again).toMatchObject({ id: first?.id, attempts: 2, locked_by: 'w2' })
    // The worker that lost its lease can no longer settle the job.
    await completeJob(store.db, first!)
    expect(await listJobs(store.db)).toHaveLength(1)
  })

  it('keeps renewing the lease of a job that runs longer than it, so no second worker runs it meanwhile', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    let release: () => void = () => {}
    let runs = 0
    const worker = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers: {
        'process-lead': async () => {
          runs++
          await new Promise<void>((resolve) => {
            release = resolve
          })
          return { kind: 'done' }
        },
      },
      concurrency: 1,
      pollIntervalMs: 60_000,
      leaseMs: 1_000,
    })
    worker.start()
    try {
      await expect.poll(() => runs, { timeout: 5_000 }).toBe(1)
      clock.advance(5_000) // the first lease is long over
      const leasedUntil = async () => (await listJobs(store.db))[0]?.locked_until ?? 0
      await expect.poll(leasedUntil, { timeout: 5_000 }).toBeGreaterThan(clock.now().getTime())
      expect(await claim('w2')).toEqual([])
      release()
      await expect.poll(async () => (await listJobs(store.db)).length, { timeout: 5_000 }).toBe(0)
      expect(runs).toBe(1)
    } finally {
      release()
      await worker.stop()
    }
  })

  it('never starts a job it is still running again, even when it could not renew its lease in time', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    let release: () => void = () => {}
    const runs = new Map<number, number>()
    const worker = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers: {
        'process-lead': async ({ eventId }) => {
          runs.set(eventId, (runs.get(eventId) ?? 0) + 1)
          if (eventId === 1) await new Promise<void>((resolve) => (release = resolve))
          return { kind: 'done' }
        },
      },
      concurrency: 4,
      pollIntervalMs: 50,
      leaseMs: 60_000, // renewed every 20 s of real time: not during this test
    })
    worker.start()
    try {
      await expect.poll(() => runs.get(1), { timeout: 5_000 }).toBe(1)
      clock.advance(120_000) // job 1's lease is over while it still runs
      // The next claim sweeps expired leases before it takes job 2.
      await enqueue(store.db, 'process-lead', { eventId: 2 }, clock.now())
      await expect.poll(() => runs.get(2), { timeout: 5_000 }).toBe(1)
      expect(runs.get(1)).toBe(1)
    } finally {
      release()
      await worker.stop()
    }
  })

  it('retries a failing job with capped exponential back-off', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    const worker = workerWith(async () => ({ kind: 'retry', reason: 'LinkedIn answered 503' }))
    await worker.drain()
    let [job] = await listJobs(store.db)
    // random() = 1 makes the delay the full exponential: 1 s after the first attempt, 2 s after the second.
    expect(job).toMatchObject({
      state: 'pending',
      attempts: 1,
      run_at: T0 + 1_000,
      last_error: 'LinkedIn answered 503',
    })
    clock.advance(1_000)
    await worker.drain()
    ;[job] = await listJobs(store.db)
    expect(job).toMatchObject({ attempts: 2, run_at: T0 + 1_000 + 2_000 })
  })

  it('waits at least as long as the server asked (Retry-After)', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    const notBefore = new Date(T0 + 120_000)
    await workerWith(async () => ({ kind: 'retry', reason: '429', notBefore })).drain()
    const [job] = await listJobs(store.db)
    expect(job?.run_at).toBe(notBefore.getTime())
  })

  it('moves a job to the dead letters after its last attempt, and replay runs it again from scratch', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now(), { maxAttempts: 3 })
    let fail = true
    const worker = workerWith(async () => {
      if (fail) throw new Error('boom')
      return { kind: 'done' }
    })
    for (let i = 0; i < 3; i++) {
      await worker.drain()
      clock.advance(60_000)
    }
    const [dead] = await listJobs(store.db, { state: 'dead' })
    expect(dead).toMatchObject({ attempts: 3, last_error: 'gave up after 3 attempts: boom' })
    await worker.drain()
    expect(await listJobs(store.db, { state: 'dead' })).toHaveLength(1)

    expect(await replayJob(store.db, dead!.id, clock.now())).toBe(true)
    fail = false
    await worker.drain()
    expect(await listJobs(store.db)).toEqual([])
  })

  it('dead-letters a permanent failure at once, with its reason', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
    await workerWith(async () => ({ kind: 'failed', reason: '403: role missing' })).drain()
    const [job] = await listJobs(store.db)
    expect(job).toMatchObject({ state: 'dead', attempts: 1, last_error: '403: role missing' })
  })

  it('dead-letters a job whose worker died during its last attempt', async () => {
    await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now(), { maxAttempts: 1 })
    await claim('w1', 1_000)
    clock.advance(1_001)
    expect(await claim('w2')).toEqual([])
    expect(await buryAbandonedJobs(store.db, clock.now())).toBe(1)
    const [job] = await listJobs(store.db)
    expect(job).toMatchObject({ state: 'dead', last_error: expect.stringContaining('lease expired') })
  })

  it('never hands the same job to two workers claiming at once', async () => {
    for (let i = 0; i < 40; i++) await enqueue(store.db, 'process-lead', { eventId: i }, clock.now())
    const batches = await Promise.all(['a', 'b', 'c', 'd'].map((w) => claim(w, 60_000, 15)))
    const ids = batches.flat().map((j) => j.id)
    expect(ids).toHaveLength(40)
    expect(new Set(ids).size).toBe(40)
  })

  it('runs a job enqueued while the worker is idle without waiting for a poll', async () => {
    let ran = 0
    const worker = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers: {
        'process-lead': async () => {
          ran++
          return { kind: 'done' }
        },
      },
      concurrency: 1,
      pollIntervalMs: 60_000,
      leaseMs: 60_000,
    })
    worker.start()
    try {
      await new Promise((resolve) => setTimeout(resolve, 20))
      await enqueue(store.db, 'process-lead', { eventId: 1 }, clock.now())
      store.notifyJobs()
      await expect.poll(() => ran, { timeout: 5_000 }).toBe(1)
    } finally {
      await worker.stop()
    }
  })

  it('stops at once when stopped while it is claiming, instead of sleeping out its poll interval', async () => {
    const worker = createWorker({
      store,
      clock,
      logger: silentLogger,
      handlers: {},
      concurrency: 1,
      // Longer than the test's timeout: a stop that waited for the next poll would fail the test.
      pollIntervalMs: 600_000,
      leaseMs: 60_000,
    })
    worker.start() // its first claim is in flight now
    await worker.stop()
  })
})
