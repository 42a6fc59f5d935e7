import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { Database, Executor, JobRow, JobState, NewJobRow } from '../store/index.js'
import type { JobName, JobPayloads } from './job-types.js'

export const DEFAULT_MAX_ATTEMPTS = 10

export interface EnqueueOptions {
  /** Unique among existing jobs: enqueueing the same key again does nothing. */
  readonly key?: string
  readonly runAt?: Date
  readonly maxAttempts?: number
}

/** The row for a new job; shared by `enqueue` and the inbox's fast path, so both write the same thing. */
export function newJobRow<N extends JobName>(
  name: N,
  payload: JobPayloads[N],
  now: Date,
  options: EnqueueOptions = {},
): NewJobRow {
  const at = now.getTime()
  return {
    name,
    payload: JSON.stringify(payload),
    job_key: options.key ?? null,
    state: 'pending',
    run_at: options.runAt?.getTime() ?? at,
    attempts: 0,
    max_attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: at,
    updated_at: at,
  }
}

/**
 * Enqueues in the caller's transaction, so the job exists exactly when the caller's change does.
 * Returns false when a job with the same key already exists. Call `store.notifyJobs()` after commit.
 * The only way jobs are written (the inbox's fast path writes the same rows, see `enqueueRows`).
 */
export async function enqueue<N extends JobName>(
  db: Executor,
  name: N,
  payload: JobPayloads[N],
  now: Date,
  options: EnqueueOptions = {},
): Promise<boolean> {
  return (await enqueueRows(db, [newJobRow(name, payload, now, options)])) > 0
}

/** Rows built by `newJobRow`, in one statement; a row whose key exists is skipped. Returns how many were new. */
export async function enqueueRows(db: Executor, rows: readonly NewJobRow[]): Promise<number> {
  if (rows.length === 0) return 0
  const result = await db
    .insertInto('jobs')
    .values([...rows])
    .onConflict((oc) => oc.column('job_key').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}

/** The columns of a job row, in the order of {@link ENQUEUE_SQL}'s named parameters. */
export const JOB_COLUMNS = [
  'name',
  'payload',
  'job_key',
  'state',
  'run_at',
  'attempts',
  'max_attempts',
  'locked_by',
  'locked_until',
  'last_error',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof NewJobRow)[]

/**
 * `enqueue` as one prepared statement, for the SQLite inbox's synchronous group commit (a Kysely
 * round trip per job cost more than the commit it shares).
 */
export const ENQUEUE_SQL = `INSERT INTO jobs (${JOB_COLUMNS.join(', ')}) VALUES (${JOB_COLUMNS.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (job_key) DO NOTHING`

/**
 * Extends the lease of every job `workerId` is running. Without it a handler slower than the lease (a CRM
 * call under load) is claimed again while it still runs, and a CRM task or e-mail is made twice.
 */
export async function renewLeases(
  db: Executor,
  options: { readonly workerId: string; readonly now: Date; readonly leaseMs: number },
): Promise<number> {
  const now = options.now.getTime()
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: now + options.leaseMs })
    .where('state', '=', 'running')
    .where('locked_by', '=', options.workerId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Done: the job is removed. Only the worker holding the lease may settle it. */
export async function completeJob(db: Executor, job: JobRow): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', job.id).where('locked_by', '=', job.locked_by).execute()
}

export async function retryJob(
  db: Executor,
  job: JobRow,
  options: { readonly error: string; readonly runAt: Date; readonly now: Date },
) {
  await db
    .updateTable('jobs')
    .set({
      state: 'pending',
      run_at: options.runAt.getTime(),
      last_error: options.error,
      locked_by: null,
      locked_until: null,
      updated_at: options.now.getTime(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.locked_by)
    .execute()
}

/** Dead letter: kept with its last error until someone replays it. */
export async function buryJob(db: Executor, job: JobRow, options: { readonly error: string; readonly now: Date }) {
  await db
    .updateTable('jobs')
    .set({
      state: 'dead',
      last_error: options.error,
      locked_by: null,
      locked_until: null,
      updated_at: options.now.getTime(),
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', job.locked_by)
    .execute()
}

/** Jobs whose worker died on their last attempt can never be claimed again: move them to the dead letters. */
export async function buryAbandonedJobs(db: Executor, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'dead',
      last_error: 'the worker stopped (lease expired) during the last attempt',
      locked_by: null,
      locked_until: null,
      updated_at: now.getTime(),
    })
    .where('state', '=', 'running')
    .where('locked_until', '<', now.getTime())
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Re-drives a dead job from scratch: attempts start again at zero. */
export async function replayJob(db: Executor, id: number, now: Date): Promise<boolean> {
  return replayWhere(db, now, (eb) => eb('id', '=', id))
}

/** Re-drives the dead job holding this key; false when none is dead (none exists, or it is still queued). */
export async function replayJobByKey(db: Executor, key: string, now: Date): Promise<boolean> {
  return replayWhere(db, now, (eb) => eb('job_key', '=', key))
}

async function replayWhere(
  db: Executor,
  now: Date,
  where: (eb: ExpressionBuilder<Database, 'jobs'>) => Expression<SqlBool>,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'pending', attempts: 0, run_at: now.getTime(), last_error: null, updated_at: now.getTime() })
    .where(where)
    .where('state', '=', 'dead')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function listJobs(db: Executor, options: { readonly state?: JobState; readonly limit?: number } = {}) {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
  if (options.state) query = query.where('state', '=', options.state)
  return query.execute()
}

export async function countJobsByState(db: Executor): Promise<Record<JobState, number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['state', db.fn.countAll<number>().as('count')])
    .groupBy('state')
    .execute()
  const counts: Record<JobState, number> = { pending: 0, running: 0, dead: 0 }
  for (const row of rows) counts[row.state] = Number(row.count)
  return counts
}

/** Makes every pending job of this name that waits for later due now (e.g. leads waiting for a sign-in). */
export async function runWaitingJobsNow(db: Executor, name: JobName, now: Date): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ run_at: now.getTime() })
    .where('name', '=', name)
    .where('state', '=', 'pending')
    .where('run_at', '>', now.getTime())
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Seconds the oldest due job has waited past its run time: the queue's lag (0 when nothing is late). */
export async function queueLagSeconds(db: Executor, now: Date): Promise<number> {
  const at = now.getTime()
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min<number>('run_at').as('at'))
    .where('state', '=', 'pending')
    .where('run_at', '<=', at)
    .executeTakeFirst()
  return row?.at ? Math.max(0, (at - Number(row.at)) / 1000) : 0
}

export async function countJobsByNameAndState(db: Executor): Promise<{ name: string; state: JobState; n: number }[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['name', 'state', db.fn.countAll<number>().as('n')])
    .groupBy(['name', 'state'])
    .execute()
  return rows.map((r) => ({ name: r.name, state: r.state, n: Number(r.n) }))
}
