import type { JobOutcome } from '../jobs/index.js'
import {
  type DeliveryRow,
  deliveriesRepository,
  type Executor,
  leadsRepository,
  opsAlertsRepository,
  outcomesRepository,
  recordSpeedDurations,
} from '../store/index.js'
import { type Channel, type DeliveryOutcome, SALES_ALERT_TYPES } from './channel.js'
import type { DeliverDeps } from './deliver-job.js'
import { MAX_DELIVERY_ATTEMPTS, nextDeliveryAttempt } from './retry-schedule.js'

const isCrm = (channel: { readonly type?: Channel['type'] }) =>
  channel.type === 'hubspot' || channel.type === 'salesforce'

/**
 * Settles a delivery's attempt in one transaction: its state, the attempt, the timeline, and whatever the
 * sender records with it (`settleWith`). Delivered, retried on the Standard Webhooks schedule, or dead-lettered.
 */
export function createSettle(deps: Pick<DeliverDeps, 'store' | 'clock' | 'logger' | 'random' | 'onChannelGone'>) {
  const { store, clock } = deps

  async function settleIn(
    db: Executor,
    rows: readonly DeliveryRow[],
    outcome: DeliveryOutcome & { readonly settleWith?: (trx: Executor) => Promise<void> },
    channel: { readonly name: string; readonly type?: Channel['type'] },
  ): Promise<JobOutcome> {
    const now = clock.now()
    const at = now.getTime()
    const ids = rows.map((r) => r.id)
    const timeline = async (kind: string, detail: string) => {
      for (const row of rows)
        if (row.kind !== 'ops')
          await leadsRepository.addTimeline(db, row.lead_id, kind, at, `${row.kind} via ${channel.name}${detail}`)
    }
    await outcome.settleWith?.(db)
    switch (outcome.kind) {
      case 'delivered':
        await deliveriesRepository.setDeliveryState(db, ids, 'delivered', at, { externalId: outcome.externalId })
        await deliveriesRepository.recordAttempt(db, ids, null, at)
        if (channel.type && SALES_ALERT_TYPES.has(channel.type)) {
          const alerted = rows.filter((r) => r.kind === 'new-lead').map((r) => r.lead_id)
          await outcomesRepository.recordAlerted(db, alerted, at)
          await recordSpeedDurations(db, store, alerted)
        }
        for (const row of rows) {
          if (row.kind !== 'ops') continue
          const alert = await opsAlertsRepository.getOpsAlertById(db, row.lead_id)
          if (alert) await opsAlertsRepository.markOpsAlertSent(db, alert.key, alert.raised_at, at)
        }
        // A sequence's CRM task waits for the lead's record (and a completion for its task): now it exists.
        for (const row of rows.filter((r) => r.kind === 'sequence-task' || (r.kind === 'new-lead' && isCrm(channel))))
          await deliveriesRepository.wakeWaitingTasks(db, row.lead_id, channel.name, at)
        await timeline('alert-delivered', rows.length > 1 ? ` (digest of ${rows.length})` : '')
        return { kind: 'done' }
      case 'retry': {
        await deliveriesRepository.recordAttempt(db, ids, outcome.reason, at)
        const attempts = Math.max(...rows.map((r) => r.attempts)) + 1
        const retryAt = nextDeliveryAttempt(attempts, now, outcome.notBefore, deps.random)
        if (!retryAt || attempts >= MAX_DELIVERY_ATTEMPTS) {
          await deliveriesRepository.setDeliveryState(db, ids, 'dead', at, {
            error: `gave up after ${attempts} attempts: ${outcome.reason}`,
          })
          await timeline('alert-failed', `: ${outcome.reason}`)
          return { kind: 'failed', reason: `gave up after ${attempts} attempts: ${outcome.reason}` }
        }
        await deliveriesRepository.setDeliveryState(db, ids, 'pending', at)
        await timeline('alert-retry', `: ${outcome.reason}`)
        return { kind: 'retry', reason: outcome.reason, notBefore: retryAt }
      }
      case 'gone':
        await deliveriesRepository.recordAttempt(db, ids, outcome.reason, at)
        await deliveriesRepository.disableChannel(db, channel.name, outcome.reason, at)
        // These wait with the channel's other deliveries: enabling the channel sends them.
        await deliveriesRepository.setDeliveryState(db, ids, 'disabled', at, {
          error: `destination gone: ${outcome.reason}`,
        })
        await timeline('alert-failed', `: destination gone (${outcome.reason}); channel disabled`)
        return { kind: 'done' }
      case 'rejected':
        await deliveriesRepository.recordAttempt(db, ids, outcome.reason, at)
        await deliveriesRepository.setDeliveryState(db, ids, 'dead', at, { error: outcome.reason })
        await timeline('alert-failed', `: ${outcome.reason}`)
        return { kind: 'failed', reason: outcome.reason }
    }
  }

  return async function settle(
    rows: readonly DeliveryRow[],
    outcome: DeliveryOutcome & { readonly settleWith?: (trx: Executor) => Promise<void> },
    // Sequence senders have a name but no channel type: they never count as a lead's first alert.
    channel: { readonly name: string; readonly type?: Channel['type'] },
  ): Promise<JobOutcome> {
    const settled = await store.db.transaction().execute((trx) => settleIn(trx, rows, outcome, channel))
    // Woken tasks, and the steps a sequence e-mail scheduled, are jobs committed just now.
    store.notifyJobs()
    if (outcome.kind === 'gone') {
      deps.logger.error({ channel: channel.name, reason: outcome.reason }, 'destination is gone: channel disabled')
      await deps.onChannelGone?.(channel.name, outcome.reason)
    }
    return settled
  }
}
