import type { Logger } from '../util/index.js'

/** Every job the system runs, with its payload; handlers and `enqueue` are typed from this map. */
export interface JobPayloads {
  'process-lead': { readonly eventId: number }
  deliver: { readonly deliveryId: number }
  escalate: { readonly leadId: string; readonly level: number }
  pull: { readonly pullId: number }
  'reconcile-all': { readonly day: string }
  'ops-alert': { readonly key: string }
  'health-check': { readonly slot: string }
  /** Keyed `seq:<enrolment>:<step>`: one job per step, whatever retries and restarts happen. */
  'sequence-step': { readonly enrolmentId: number; readonly stepId: string }
  'crm-poll': { readonly slot: string }
}
export type JobName = keyof JobPayloads

/** What a handler reports; only the worker turns it into a retry or a dead letter. */
export type JobOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'retry'; readonly reason: string; readonly notBefore?: Date }
  /** Permanent: dead-letter now, don't retry. */
  | { readonly kind: 'failed'; readonly reason: string }

export interface JobContext {
  readonly jobId: number
  /** 1 on the first run; counted when the job is claimed. */
  readonly attempt: number
  readonly maxAttempts: number
  readonly signal: AbortSignal
  readonly logger: Logger
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<JobOutcome>
export type JobHandlers = { readonly [N in JobName]?: JobHandler<N> }
