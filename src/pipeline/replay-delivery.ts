import { newJobRow } from '../jobs/queue.js'
import { deliveriesRepository, type Store } from '../store/index.js'

/** Deliver jobs can wait many times for a paced channel's slot; the delivery's own attempts are what count. */
export const DELIVER_JOB_MAX_ATTEMPTS = 60

export function deliverJobRow(deliveryId: number, now: Date) {
  return newJobRow('deliver', { deliveryId }, now, {
    key: `deliver:${deliveryId}`,
    maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
  })
}

export type ReplayOutcome = 'replayed' | 'not-found' | 'not-failed'

/** Sends a dead-lettered (or disabled) delivery again from its first attempt. */
export async function replayDelivery(store: Store, id: number, now: Date): Promise<ReplayOutcome> {
  const outcome = await store.db.transaction().execute(async (trx) => {
    const delivery = await deliveriesRepository.getDelivery(trx, id)
    if (!delivery) return 'not-found' as const
    if (delivery.state !== 'dead' && delivery.state !== 'disabled') return 'not-failed' as const
    await trx
      .updateTable('deliveries')
      .set({ state: 'pending', attempts: 0, last_error: null, digest_id: null, updated_at: now.getTime() })
      .where('id', '=', id)
      .execute()
    // The dead job still holds the key; the replay starts a fresh one.
    await trx.deleteFrom('jobs').where('job_key', '=', `deliver:${id}`).execute()
    await trx.insertInto('jobs').values(deliverJobRow(id, now)).execute()
    return 'replayed' as const
  })
  if (outcome === 'replayed') store.notifyJobs()
  return outcome
}
