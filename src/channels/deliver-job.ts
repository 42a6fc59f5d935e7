import { randomBytes } from 'node:crypto'
import type { JobHandler, JobOutcome } from '../jobs/index.js'
import {
  type AlertKind,
  DELIVERY_KINDS,
  type DeliveryRow,
  deliveriesRepository,
  type Executor,
  isAlertKind,
  leadsRepository,
  opsAlertsRepository,
  type Store,
} from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import type { Channel, DeliveryOutcome, LeadAlert, SendContext, TaskToSend } from './channel.js'
import { createSettle } from './settle-delivery.js'

/** Slack allows about one message per second per channel: channels that can send digests are paced. */
export const PACE_MS = 1_100
const DIGEST_LIMIT = 50

export interface DeliverDeps {
  readonly store: Store
  readonly channels: ReadonlyMap<string, Channel>
  /** The alert for one delivery of a lead; undefined when the lead is gone (deleted). */
  readonly buildAlert: (leadId: string, kind: AlertKind) => Promise<LeadAlert | undefined>
  readonly clock: Clock
  readonly logger: Logger
  /** A destination answered 410 Gone (or revoked our token) and was disabled: tell an operator. */
  readonly onChannelGone?: (channel: string, reason: string) => Promise<unknown>
  readonly random?: () => number
  /**
   * Deliveries that are not lead alerts (sequence e-mails, task notices), by channel name: each builds and
   * sends its own message, and its outcome is settled like any other (retries, dead letters, replay).
   * `cancelled` means there is rightly nothing to send any more (the sequence stopped): muted, not failed.
   */
  readonly senders?: ReadonlyMap<string, DeliverySender>
  /** What a `sequence-task` / `sequence-task-done` delivery asks of its CRM channel (sequences build it). */
  readonly crmTasks?: (delivery: DeliveryRow) => Promise<TaskToSend>
}

export type DeliverySender = (delivery: DeliveryRow, context: SendContext) => Promise<SenderOutcome>

/**
 * A sender's answer. `settleWith` runs in the transaction that settles the delivery (a sequence e-mail records
 * its SMTP acceptance there), so the two commit together.
 */
export type SenderOutcome =
  | (DeliveryOutcome & { readonly settleWith?: (trx: Executor) => Promise<void> })
  | { readonly kind: 'cancelled'; readonly reason: string }

/**
 * Sends one delivery (or, when the channel has a backlog, every pending delivery of that channel as one
 * digest) and settles it: delivered, retried on the Standard Webhooks schedule, or dead-lettered.
 */
export function createDeliverHandler(deps: DeliverDeps): JobHandler<'deliver'> {
  const { store, clock } = deps
  const db = store.db

  const settle = createSettle(deps)

  async function sendRows(rows: readonly DeliveryRow[], channel: Channel, signal: AbortSignal): Promise<JobOutcome> {
    const alerts: LeadAlert[] = []
    const live: DeliveryRow[] = []
    for (const row of rows) {
      const alert = isAlertKind(row.kind) ? await deps.buildAlert(row.lead_id, row.kind) : undefined
      if (alert) {
        alerts.push(alert)
        live.push(row)
      } else {
        await deliveriesRepository.setDeliveryState(db, [row.id], 'dead', clock.now().getTime(), {
          error: 'the lead was deleted',
        })
      }
    }
    if (live.length === 0) return { kind: 'done' }
    const first = live[0] as DeliveryRow
    const context = {
      idempotencyKey: live.length === 1 ? first.idempotency_key : `digest:${first.digest_id}`,
      attempt: first.attempts + 1,
      signal,
    }
    const outcome =
      live.length > 1 && channel.sendDigest
        ? await channel.sendDigest(alerts, context)
        : await channel.send(alerts[0] as LeadAlert, context)
    return settle(live, outcome, channel)
  }

  /** LinkedIn deleted the lead: the channel erases what it wrote (the lead's personal data is gone here). */
  async function eraseDownstream(delivery: DeliveryRow, channel: Channel, signal: AbortSignal): Promise<JobOutcome> {
    const at = clock.now().getTime()
    if (!channel.deleteLead) {
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'dead', at, {
        error: `${channel.name} cannot delete`,
      })
      return { kind: 'failed', reason: `${channel.name} cannot delete` }
    }
    const lead = await leadsRepository.getLead(db, delivery.lead_id)
    const outcome = await channel.deleteLead(
      {
        leadId: delivery.lead_id,
        leadUrn: lead?.urn ?? `urn:li:leadGenFormResponse:${delivery.lead_id}`,
        externalId: delivery.external_id,
      },
      { idempotencyKey: delivery.idempotency_key, attempt: delivery.attempts + 1, signal },
    )
    if (outcome.kind === 'delivered') {
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'delivered', at, {
        externalId: delivery.external_id ?? undefined,
      })
      await deliveriesRepository.recordAttempt(db, [delivery.id], null, at)
      await leadsRepository.addTimeline(db, delivery.lead_id, 'downstream-deleted', at, `erased in ${channel.name}`)
      await leadsRepository.completeDownstreamDeletion(db, delivery.lead_id, at)
      return { kind: 'done' }
    }
    return settle([delivery], outcome, channel)
  }

  /** An operator alert: the same channel adapters, retries and dead letters as a sales alert. */
  async function sendOps(delivery: DeliveryRow, channel: Channel, signal: AbortSignal): Promise<JobOutcome> {
    const at = clock.now().getTime()
    const alert = await opsAlertsRepository.getOpsAlertById(db, delivery.lead_id)
    if (!alert || !channel.sendOps) {
      const error = alert ? `${channel.name} cannot carry operator alerts` : 'the operator alert was raised again since'
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'dead', at, { error })
      return { kind: 'failed', reason: error }
    }
    const message = { id: delivery.lead_id, key: alert.key, text: alert.message, raisedAt: new Date(alert.raised_at) }
    const outcome = await channel.sendOps(message, {
      idempotencyKey: delivery.idempotency_key,
      attempt: delivery.attempts + 1,
      signal,
    })
    if (outcome.kind === 'retry' || outcome.kind === 'rejected')
      await opsAlertsRepository.recordOpsAlertError(
        db,
        alert.key,
        alert.raised_at,
        `${channel.name}: ${outcome.reason}`,
      )
    return settle([delivery], outcome, channel)
  }

  /** A sequence's task step in a CRM, or its completion: the same retries and dead letters as an alert. */
  async function sendTask(delivery: DeliveryRow, channel: Channel, signal: AbortSignal): Promise<JobOutcome> {
    const wanted: TaskToSend =
      channel.sendTask && deps.crmTasks
        ? await deps.crmTasks(delivery)
        : { kind: 'rejected', reason: `${channel.name} cannot take tasks` }
    switch (wanted.kind) {
      case 'wait':
        return { kind: 'retry', reason: wanted.reason, notBefore: wanted.notBefore }
      case 'cancelled':
        await deliveriesRepository.setDeliveryState(db, [delivery.id], 'muted', clock.now().getTime(), {
          error: wanted.reason,
        })
        return { kind: 'done' }
      case 'rejected':
        return settle([delivery], wanted, channel)
    }
    const context = { idempotencyKey: delivery.idempotency_key, attempt: delivery.attempts + 1, signal }
    const outcome = (await channel.sendTask?.(wanted.task, context)) as DeliveryOutcome
    return settle([delivery], outcome, channel)
  }

  return async ({ deliveryId }, ctx) => {
    const delivery = await deliveriesRepository.getDelivery(db, deliveryId)
    if (!delivery) return { kind: 'failed', reason: `delivery ${deliveryId} does not exist` }
    if (delivery.state !== 'pending' && delivery.state !== 'sending') return { kind: 'done' }
    const now = clock.now().getTime()
    const sender = deps.senders?.get(delivery.channel)
    if (sender) {
      const outcome = await sender(delivery, {
        idempotencyKey: delivery.idempotency_key,
        attempt: delivery.attempts + 1,
        signal: ctx.signal,
      })
      if (outcome.kind !== 'cancelled') return settle([delivery], outcome, { name: delivery.channel })
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'muted', now, { error: outcome.reason })
      return { kind: 'done' }
    }
    const channel = deps.channels.get(delivery.channel)
    if (!channel) {
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'dead', now, {
        error: `channel ${delivery.channel} is no longer configured`,
      })
      return { kind: 'failed', reason: `channel ${delivery.channel} is no longer configured` }
    }
    const disabled = (await deliveriesRepository.disabledChannels(db)).get(channel.name)
    if (disabled) {
      await deliveriesRepository.setDeliveryState(db, [delivery.id], 'disabled', now, { error: disabled })
      return { kind: 'done' }
    }
    const action = DELIVERY_KINDS[delivery.kind].action
    if (action === 'delete') return eraseDownstream(delivery, channel, ctx.signal)
    if (action === 'task') return sendTask(delivery, channel, ctx.signal)
    if (delivery.state === 'sending') {
      // Another worker is sending it inside a digest right now; look again shortly.
      return { kind: 'retry', reason: 'inside a digest being sent', notBefore: new Date(now + PACE_MS) }
    }
    // Operator alerts are rare and go one by one, outside digests and pacing (a 429 still gets its Retry-After).
    if (action === 'ops') return sendOps(delivery, channel, ctx.signal)
    if (!channel.sendDigest) return sendRows([delivery], channel, ctx.signal)

    if (!(await deliveriesRepository.claimSendSlot(db, channel.name, now, PACE_MS))) {
      const slot = await deliveriesRepository.nextSendSlot(db, channel.name)
      return { kind: 'retry', reason: 'paced: waiting for the channel’s next send slot', notBefore: new Date(slot) }
    }
    // The slot is ours: everything that backed up on this channel goes out now, as one message.
    const batch = await deliveriesRepository.takeForDigest(
      db,
      channel.name,
      randomBytes(8).toString('hex'),
      DIGEST_LIMIT,
      now,
    )
    if (batch.length === 0) return { kind: 'done' }
    try {
      return await sendRows(batch, channel, ctx.signal)
    } finally {
      // Paced from when the message went out, not from when the slot was taken (issue 15's burst: a digest
      // built under load left the next one less than a second behind it, and Slack answered 429).
      await deliveriesRepository.holdSendSlot(db, channel.name, clock.now().getTime() + PACE_MS)
    }
  }
}
