export { type BackoffPolicy, DEFAULT_BACKOFF, nextAttemptAt } from './backoff.js'
export type { JobContext, JobHandler, JobHandlers, JobName, JobOutcome, JobPayloads } from './job-types.js'
export {
  buryAbandonedJobs,
  claimJobs,
  completeJob,
  countJobsByState,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueOptions,
  enqueue,
  listJobs,
  newJobRow,
  replayJob,
} from './queue.js'
export { createWorker, type SettledOutcome, type Worker, type WorkerDeps } from './worker.js'
