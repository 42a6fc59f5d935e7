import type { PullRow } from './database.js'
import type { Executor } from './executor.js'

export interface NewPull {
  readonly kind: PullRow['kind']
  /** JSON text. */
  readonly owner: string
  readonly leadType: string
  readonly since: number
  readonly until: number
}

/** A running pull that starts at the first page of its first window; returns its id. */
export async function createPull(db: Executor, pull: NewPull, at: number): Promise<number> {
  const row = await db
    .insertInto('pulls')
    .values({
      kind: pull.kind,
      owner: pull.owner,
      lead_type: pull.leadType,
      since: pull.since,
      until: pull.until,
      window_start: pull.since,
      page_start: 0,
      linkedin_count: 0,
      held: 0,
      recovered: 0,
      state: 'running',
      error: null,
      started_at: at,
      updated_at: at,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function getPull(db: Executor, id: number): Promise<PullRow | undefined> {
  return db.selectFrom('pulls').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The resume point and counts after one page. */
export async function savePullProgress(
  db: Executor,
  id: number,
  progress: Pick<PullRow, 'window_start' | 'page_start' | 'linkedin_count' | 'held' | 'recovered' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('pulls').set(progress).where('id', '=', id).execute()
}

export async function finishPull(db: Executor, id: number, at: number): Promise<void> {
  await db.updateTable('pulls').set({ state: 'done', finished_at: at }).where('id', '=', id).execute()
}

export async function failPull(db: Executor, id: number, error: string, at: number): Promise<void> {
  await db
    .updateTable('pulls')
    .set({ state: 'failed', error, updated_at: at, finished_at: at })
    .where('id', '=', id)
    .execute()
}

/** Newest first. */
export async function recentPulls(db: Executor, limit: number): Promise<PullRow[]> {
  return db.selectFrom('pulls').selectAll().orderBy('id', 'desc').limit(limit).execute()
}

export async function pullsById(db: Executor, ids: readonly number[]): Promise<PullRow[]> {
  if (ids.length === 0) return []
  return db
    .selectFrom('pulls')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute()
}

/** Leads only a reconciliation brought, over all time: each one a webhook LinkedIn did not deliver. */
export async function countRecoveredByReconciliation(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('pulls')
    .select((eb) => eb.fn.sum<number>('recovered').as('n'))
    .where('kind', '=', 'reconcile')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
