import { sql } from 'kysely'
import type { DeliveryRow } from './database.js'
import type { Executor } from './executor.js'

// A delivery's job is keyed `deliver:<delivery id>` (see enqueue's callers).
const jobKeyOf = (id: string) => sql<string>`'deliver:' || cast(${sql.ref(id)} as text)`

/** The delivery holding this idempotency key, with its job's id and run time (null when it has no job). */
export async function getDeliveryByKey(
  db: Executor,
  key: string,
): Promise<(DeliveryRow & { readonly job_id: number | null; readonly next_run_at: number | null }) | undefined> {
  return db
    .selectFrom('deliveries')
    .leftJoin('jobs', (join) => join.on('jobs.job_key', '=', jobKeyOf('deliveries.id')))
    .selectAll('deliveries')
    .select(['jobs.id as job_id', 'jobs.run_at as next_run_at'])
    .where('deliveries.idempotency_key', '=', key)
    .executeTakeFirst()
}

/**
 * The lead's task deliveries on this channel that wait for a record or task it has now (new-lead or
 * sequence-task delivered): their jobs are due at once. How many were woken.
 */
export async function wakeWaitingTasks(db: Executor, leadId: string, channel: string, now: number): Promise<number> {
  const result = await db
    .updateTable('jobs')
    .set({ run_at: now })
    .where('state', '=', 'pending')
    .where('run_at', '>', now)
    .where('job_key', 'in', (eb) =>
      eb
        .selectFrom('deliveries')
        .select(jobKeyOf('id').as('key'))
        .where('lead_id', '=', leadId)
        .where('channel', '=', channel)
        .where('kind', 'in', ['sequence-task', 'sequence-task-done'])
        .where('state', '=', 'pending'),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
