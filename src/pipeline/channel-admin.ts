import { deliveriesRepository, type Store } from '../store/index.js'
import type { OpsAlerts } from './ops-alerts.js'
import { requeueDelivery } from './replay-delivery.js'

export interface ChannelState {
  readonly name: string
  readonly type: string
  readonly state: 'enabled' | 'disabled'
  /** Why and when it was turned off (410 Gone, a revoked token…). */
  readonly disabledReason: string | null
  readonly disabledAt: string | null
  /** Deliveries held back while it is off; `enable` sends them. */
  readonly waiting: number
}

/** Every configured channel with its state, from the database alone. */
export async function listChannelStates(
  store: Store,
  configured: readonly { readonly name: string; readonly type: string }[],
): Promise<ChannelState[]> {
  const states = new Map((await deliveriesRepository.channelStates(store.db)).map((s) => [s.name, s]))
  const result: ChannelState[] = []
  for (const channel of configured) {
    const state = states.get(channel.name)
    const disabled = state?.disabled_at != null
    result.push({
      name: channel.name,
      type: channel.type,
      state: disabled ? 'disabled' : 'enabled',
      disabledReason: disabled ? (state?.disabled_reason ?? null) : null,
      disabledAt: disabled && state?.disabled_at ? new Date(state.disabled_at).toISOString() : null,
      waiting: (await deliveriesRepository.disabledDeliveryIds(store.db, channel.name)).length,
    })
  }
  return result
}

export type EnableOutcome =
  | { readonly kind: 'enabled'; readonly requeued: number }
  | { readonly kind: 'unknown-channel' }

/**
 * Turns a channel back on and re-queues every delivery it held back while it was off, from their first
 * attempt; the channel's "gone" ops alert is resolved, so a second outage is announced again.
 */
export async function enableChannel(
  store: Store,
  ops: Pick<OpsAlerts, 'resolve'>,
  configured: readonly string[],
  name: string,
  now: Date,
): Promise<EnableOutcome> {
  if (!configured.includes(name)) return { kind: 'unknown-channel' }
  const requeued = await store.db.transaction().execute(async (trx) => {
    await deliveriesRepository.enableChannel(trx, name)
    const ids = await deliveriesRepository.disabledDeliveryIds(trx, name)
    for (const id of ids) await requeueDelivery(trx, id, now)
    return ids.length
  })
  await ops.resolve(channelGoneKey(name))
  if (requeued > 0) store.notifyJobs()
  return { kind: 'enabled', requeued }
}

export function channelGoneKey(name: string): string {
  return `channel-gone:${name}`
}
