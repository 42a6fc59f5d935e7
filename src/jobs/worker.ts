import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { JobRow, Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { type BackoffPolicy, nextAttemptAt } from './backoff.js'
import { claimDueJobs, claimExpiredJobs } from './claim.js'
import type { JobHandler, JobHandlers, JobName, JobOutcome } from './job-types.js'
import { LANE_JOBS, LANES, type LaneName, LISTED_JOBS, laneLimits, laneOf } from './lanes.js'
import { buryAbandonedJobs, buryJob, completeJob, renewLeases, retryJob } from './queue.js'

export interface WorkerDeps {
  readonly store: Store
  readonly handlers: JobHandlers
  readonly clock: Clock
  readonly logger: Logger
  /** Jobs running at once in this worker, over every lane (`WORKER_CONCURRENCY`). */
  readonly concurrency: number
  readonly pollIntervalMs: number
  readonly leaseMs: number
  readonly backoff?: BackoffPolicy
  readonly random?: () => number
  /** Called after each job is settled; for metrics and tests. */
  readonly onSettled?: (job: JobRow, outcome: SettledOutcome) => void
}

export type SettledOutcome = 'done' | 'retry' | 'dead'

/**
 * Claims jobs lane by lane (messages, leads, bulk: see `lanes.ts`), runs their handlers, and settles each
 * as done, retry (with back-off) or dead letter.
 */
export function createWorker(deps: WorkerDeps) {
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
  const inFlight = new Set<Promise<void>>()
  const runningIds = new Set<number>()
  const limits = laneLimits(deps.concurrency)
  const runningByLane: Record<LaneName, number> = { messages: 0, leads: 0, bulk: 0 }
  const abort = new AbortController()
  let running = false
  let loopDone: Promise<void> | undefined
  let wake: (() => void) | undefined
  /** Set by every poke, so one that arrives while claiming (not sleeping) is not lost. */
  let poked = false
  let unsubscribe: (() => void) | undefined
  let lastSweep = Number.NEGATIVE_INFINITY
  let renewTimer: NodeJS.Timeout | undefined

  /** Three renewals per lease: one missed under load still leaves the job held. */
  function renewWhileRunning() {
    if (inFlight.size === 0) return
    renewLeases(deps.store.db, { workerId, now: deps.clock.now(), leaseMs: deps.leaseMs }).catch((error) =>
      deps.logger.error({ err: error }, 'could not renew job leases'),
    )
  }

  function poke() {
    poked = true
    wake?.()
  }

  async function settle(job: JobRow, outcome: JobOutcome): Promise<SettledOutcome> {
    const now = deps.clock.now()
    const db = deps.store.db
    if (outcome.kind === 'done') {
      await completeJob(db, job)
      return 'done'
    }
    if (outcome.kind === 'failed' || job.attempts >= job.max_attempts) {
      const why =
        outcome.kind === 'failed' ? outcome.reason : `gave up after ${job.attempts} attempts: ${outcome.reason}`
      await buryJob(db, job, { error: why, now })
      deps.logger.warn(
        { jobId: job.id, job: job.name, attempts: job.attempts, reason: why },
        'job moved to dead letters',
      )
      return 'dead'
    }
    const runAt = nextAttemptAt(job.attempts, now, {
      notBefore: outcome.notBefore,
      ...(deps.backoff ? { policy: deps.backoff } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    })
    await retryJob(db, job, { error: outcome.reason, runAt, now })
    deps.logger.info(
      { jobId: job.id, job: job.name, attempt: job.attempts, runAt, reason: outcome.reason },
      'job will retry',
    )
    return 'retry'
  }

  async function run(job: JobRow): Promise<void> {
    const handler = deps.handlers[job.name as JobName] as JobHandler<JobName> | undefined
    let outcome: JobOutcome
    if (!handler) {
      outcome = { kind: 'failed', reason: `no handler for job "${job.name}"` }
    } else {
      try {
        outcome = await handler(JSON.parse(job.payload), {
          jobId: job.id,
          attempt: job.attempts,
          maxAttempts: job.max_attempts,
          signal: abort.signal,
          logger: deps.logger.child({ jobId: job.id, job: job.name }),
        })
      } catch (error) {
        outcome = { kind: 'retry', reason: (error as Error).message || String(error) }
      }
    }
    try {
      // Settle first: an optional call (`onSettled?.(…)`) would skip evaluating its arguments.
      const settled = await settle(job, outcome)
      deps.onSettled?.(job, settled)
    } catch (error) {
      // The lease will expire and another claim will run the job again: at-least-once.
      deps.logger.error({ jobId: job.id, err: error }, 'could not settle job')
    }
  }

  function track(job: JobRow) {
    const lane = laneOf(job.name)
    runningByLane[lane]++
    runningIds.add(job.id)
    const promise = run(job).finally(() => {
      inFlight.delete(promise)
      runningIds.delete(job.id)
      runningByLane[lane]--
      poke()
    })
    inFlight.add(promise)
  }

  /** Claims what is runnable now, lane by lane in priority order, and starts it; returns how many started. */
  async function claimAndStart(): Promise<number> {
    if (inFlight.size >= deps.concurrency) return 0
    const now = deps.clock.now()
    const options = { workerId, now, leaseMs: deps.leaseMs }
    const free = (lane: LaneName) => Math.min(deps.concurrency - inFlight.size, limits[lane] - runningByLane[lane])
    let started = 0
    const start = (jobs: readonly JobRow[]) => {
      for (const job of jobs) track(job)
      started += jobs.length
    }
    // Abandoned jobs and strays are rare: look for them at most once per poll interval, not on every claim.
    const sweep = now.getTime() - lastSweep >= deps.pollIntervalMs
    if (sweep) {
      lastSweep = now.getTime()
      await buryAbandonedJobs(deps.store.db, now)
    }
    const limit = deps.concurrency - inFlight.size
    start(await claimExpiredJobs(deps.store, { ...options, limit, running: [...runningIds] }))
    for (const lane of LANES) {
      start(await claimDueJobs(deps.store, { ...options, limit: free(lane), names: LANE_JOBS[lane] }))
    }
    if (sweep) start(await claimDueJobs(deps.store, { ...options, limit: free('bulk'), exclude: LISTED_JOBS }))
    return started
  }

  async function loop() {
    while (running) {
      poked = false
      let started = 0
      try {
        started = await claimAndStart()
      } catch (error) {
        deps.logger.error({ err: error }, 'could not claim jobs')
      }
      if (started > 0 && inFlight.size < deps.concurrency) continue
      // A job committed, or stop() called, while we were claiming: look again now instead of sleeping a
      // whole poll interval (stop() used to hang here for that long).
      if (poked || !running) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, deps.pollIntervalMs)
        function done() {
          clearTimeout(timer)
          wake = undefined
          resolve()
        }
        wake = done
      })
    }
  }

  return {
    id: workerId,
    start() {
      if (running) return
      running = true
      unsubscribe = deps.store.onJobs(poke)
      renewTimer = setInterval(renewWhileRunning, Math.max(1, Math.floor(deps.leaseMs / 3)))
      renewTimer.unref()
      loopDone = loop()
    },
    /** Stops claiming, then waits for the jobs already running. */
    async stop() {
      running = false
      unsubscribe?.()
      poke()
      await loopDone
      abort.abort()
      await Promise.allSettled([...inFlight])
      clearInterval(renewTimer)
    },
    /** Runs every job that is runnable now (and any it makes runnable now), then returns. For tests and CLIs. */
    async drain(): Promise<void> {
      for (;;) {
        const started = await claimAndStart()
        if (started === 0 && inFlight.size === 0) return
        // A job can finish while later lanes are still being claimed: race only what still runs.
        if (inFlight.size > 0) await Promise.race(inFlight)
      }
    },
  }
}

export type Worker = ReturnType<typeof createWorker>
