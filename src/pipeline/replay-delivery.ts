import { enqueue, replayJobByKey } from '../jobs/index.js'
import {
  type DeliveryKind,
  type DeliveryState,
  deliveriesRepository,
  type Executor,
  type Store,
} from '../store/index.js'

/** Deliver jobs can wait many times for a paced channel's slot; the delivery's own attempts are what count. */
export const DELIVER_JOB_MAX_ATTEMPTS = 60

/** Queues the deliver job of a delivery, in the caller's transaction. */
export async function enqueueDeliver(db: Executor, deliveryId: number, now: Date): Promise<void> {
  await enqueue(db, 'deliver', { deliveryId }, now, {
    key: `deliver:${deliveryId}`,
    maxAttempts: DELIVER_JOB_MAX_ATTEMPTS,
  })
}

/**
 * Creates a delivery (unless the same lead, channel and kind has one) and, when it is to be sent, its
 * deliver job. Returns the id when the delivery is new.
 */
export async function queueDelivery(
  db: Executor,
  delivery: {
    leadId: string
    channel: string
    kind: DeliveryKind
    state?: Extract<DeliveryState, 'pending' | 'muted'>
    reason?: string
    externalId?: string | null
  },
  now: Date,
): Promise<number | undefined> {
  const state = delivery.state ?? 'pending'
  const id = await deliveriesRepository.createDelivery(db, { ...delivery, state, at: now.getTime() })
  if (id !== undefined && state === 'pending') await enqueueDeliver(db, id, now)
  return id
}

/**
 * Starts a delivery again from its first attempt: its dead job is replayed, or a new one enqueued when
 * the last one finished (a job still waiting simply finds the delivery pending).
 */
export async function requeueDelivery(db: Executor, id: number, now: Date): Promise<void> {
  await deliveriesRepository.resetForReplay(db, id, now.getTime())
  if (!(await replayJobByKey(db, `deliver:${id}`, now))) await enqueueDeliver(db, id, now)
}

export type ReplayOutcome = 'replayed' | 'not-found' | 'not-failed' | 'channel-disabled'

/** Sends a dead-lettered (or disabled) delivery again from its first attempt. */
export async function replayDelivery(store: Store, id: number, now: Date): Promise<ReplayOutcome> {
  const outcome = await store.db.transaction().execute(async (trx) => {
    const delivery = await deliveriesRepository.getDelivery(trx, id)
    if (!delivery) return 'not-found' as const
    if (delivery.state !== 'dead' && delivery.state !== 'disabled') return 'not-failed' as const
    // Sent now, it would only be held back again: the channel is enabled first (which sends it).
    if ((await deliveriesRepository.disabledChannels(trx)).has(delivery.channel)) return 'channel-disabled' as const
    await requeueDelivery(trx, id, now)
    return 'replayed' as const
  })
  if (outcome === 'replayed') store.notifyJobs()
  return outcome
}
