import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { Database, JobRow, Store } from '../store/index.js'
import type { JobName } from './job-types.js'

export interface ClaimOptions {
  readonly workerId: string
  readonly now: Date
  readonly leaseMs: number
  readonly limit: number
  /** Jobs the claiming worker is running itself: a renewal that came late (a starved event loop) must not start one twice. */
  readonly running?: readonly number[]
}

/**
 * Claims up to `limit` runnable jobs for `workerId`: pending ones that are due, and running ones whose
 * lease ran out (their worker died). The attempt is counted here, at claim, so a job that crashes its
 * worker still uses up attempts.
 */
export async function claimJobs(store: Store, options: ClaimOptions): Promise<JobRow[]> {
  const expired = await claimExpiredJobs(store, options)
  if (expired.length >= options.limit) return expired
  return [...expired, ...(await claimDueJobs(store, { ...options, limit: options.limit - expired.length }))]
}

/** Running jobs whose lease ran out (their worker died), except the ones in `running`. */
export async function claimExpiredJobs(store: Store, options: ClaimOptions): Promise<JobRow[]> {
  const running = options.running ?? []
  return claimWhere(store, options, ['state', 'run_at'], (eb) => {
    const lapsed = eb.and([eb('state', '=', 'running'), eb('locked_until', '<', options.now.getTime())])
    return running.length > 0 ? eb.and([lapsed, eb('id', 'not in', running)]) : lapsed
  })
}

/**
 * Pending jobs that are due, oldest first. With `names`, only jobs of those names (a lane); with
 * `exclude`, only jobs of any other name (strays no lane lists).
 */
export async function claimDueJobs(
  store: Store,
  options: ClaimOptions & { readonly names?: readonly JobName[]; readonly exclude?: readonly JobName[] },
): Promise<JobRow[]> {
  const { names, exclude } = options
  if (names?.length === 0) return []
  // By name, then oldest first: an index range per name on jobs (state, name, run_at, id), however long the
  // other lanes' backlog. Within a lane, names claim in that order (deliver before escalate).
  return claimWhere(store, options, names ? ['state', 'name', 'run_at'] : ['state', 'run_at'], (eb) => {
    const due = eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', options.now.getTime())])
    if (names) return eb.and([due, eb('name', 'in', names)])
    if (exclude?.length) return eb.and([due, eb.not(eb('name', 'in', exclude))])
    return due
  })
}

// Separate claims (expired, then due per lane) instead of one OR-ed query: the OR made the database sort the
// whole backlog on every claim (measured: 3.7 ms with 20k pending jobs, 0.08 ms split).
async function claimWhere(
  store: Store,
  options: ClaimOptions,
  order: readonly ('state' | 'name' | 'run_at')[],
  where: (eb: ExpressionBuilder<Database, 'jobs'>) => Expression<SqlBool>,
): Promise<JobRow[]> {
  if (options.limit <= 0) return []
  const now = options.now.getTime()
  const candidates = (limit: number) =>
    store.db
      .selectFrom('jobs')
      .select('id')
      .where(where)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .$call((query) => order.reduce((q, column) => q.orderBy(column), query))
      .orderBy('id')
      .limit(limit)
  const claim = store.db.updateTable('jobs').set({
    state: 'running',
    attempts: sql`attempts + 1`,
    locked_by: options.workerId,
    locked_until: now + options.leaseMs,
    updated_at: now,
  })
  if (store.capabilities.skipLocked) {
    return claim.where('id', 'in', candidates(options.limit).forUpdate().skipLocked()).returningAll().execute()
  }
  // SQLite: look with a read first. The worker asks every lane on every wake, and an UPDATE is a write
  // transaction even when it matches nothing. The UPDATE checks the condition again, so a job another
  // connection took in between is not taken twice; the claim then looks again for the ones it lost.
  const claimed: JobRow[] = []
  for (let round = 0; round < 5 && claimed.length < options.limit; round++) {
    const ids = (await candidates(options.limit - claimed.length).execute()).map((row) => row.id)
    if (ids.length === 0) break
    const rows = await claim.where('id', 'in', ids).where(where).returningAll().execute()
    claimed.push(...rows)
    if (rows.length === ids.length) break
  }
  return claimed
}
