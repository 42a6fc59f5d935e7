export { type BackoffPolicy, DEFAULT_BACKOFF, nextAttemptAt } from './backoff.js'
export { type ClaimOptions, claimDueJobs, claimExpiredJobs, claimJobs } from './claim.js'
export type { JobContext, JobHandler, JobHandlers, JobName, JobOutcome, JobPayloads } from './job-types.js'
export { LANE_JOBS, LANES, type LaneName, laneLimits, laneOf } from './lanes.js'
export {
  buryAbandonedJobs,
  completeJob,
  countJobsByNameAndState,
  countJobsByState,
  DEFAULT_MAX_ATTEMPTS,
  ENQUEUE_SQL,
  type EnqueueOptions,
  enqueue,
  enqueueRows,
  JOB_COLUMNS,
  listJobs,
  newJobRow,
  queueLagSeconds,
  renewLeases,
  replayJob,
  replayJobByKey,
  runWaitingJobsNow,
} from './queue.js'
export { createWorker, type SettledOutcome, type Worker, type WorkerDeps } from './worker.js'
