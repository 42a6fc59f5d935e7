import type { JobHandler } from '../jobs/index.js'
import { opsAlertsRepository, type Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { channelGoneKey } from './channel-admin.js'
import { queueDelivery } from './replay-delivery.js'

/**
 * Operator alerts. Each raising is one `ops` delivery per ops channel (id `ops:<key>:<raisedAt>`), so it
 * gets the deliver job's retries, `Retry-After`, dead letters and replay, like a sales alert.
 */
export interface OpsAlerts {
  /** Raises the alert unless one with the same key is open: one outage, one message. True when raised now. */
  raise(key: string, message: string): Promise<boolean>
  /** Closes an open alert, so the next occurrence is announced again. */
  resolve(key: string): Promise<void>
  /** A channel answered 410 Gone or its token was revoked, and was turned off. */
  channelGone(channel: string, reason: string): Promise<boolean>
  /** Jobs an older LeadRelay queued ('ops-alert'): they become deliveries too. */
  readonly legacyJobHandler: JobHandler<'ops-alert'>
}

export interface OpsAlertsDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  /** The channels operator alerts go to (OPS_SLACK_WEBHOOK_URL, OPS_WEBHOOK_URL, OPS_EMAIL_TO). */
  readonly channels: readonly string[]
}

export function createOpsAlerts(deps: OpsAlertsDeps): OpsAlerts {
  const { store, clock, logger, channels } = deps

  async function fanOut(
    db: Parameters<typeof opsAlertsRepository.getOpsAlert>[0],
    row: opsAlertsRepository.OpsAlertRow,
    now: Date,
  ) {
    if (channels.length === 0) {
      await opsAlertsRepository.markOpsAlertSent(
        db,
        row.key,
        row.raised_at,
        now.getTime(),
        'no ops channel configured: logged only',
      )
      return
    }
    const id = opsAlertsRepository.opsAlertId(row)
    for (const channel of channels) await queueDelivery(db, { leadId: id, channel, kind: 'ops' }, now)
  }

  async function raise(key: string, message: string): Promise<boolean> {
    const now = clock.now()
    const raised = await store.db.transaction().execute(async (trx) => {
      const row = await opsAlertsRepository.openOpsAlert(trx, key, message, now.getTime())
      if (row) await fanOut(trx, row, now)
      return row !== undefined
    })
    if (raised) {
      logger.error({ opsAlert: key }, message)
      store.notifyJobs()
    }
    return raised
  }

  return {
    raise,
    resolve: (key) => opsAlertsRepository.resolveOpsAlert(store.db, key, clock.now().getTime()),
    channelGone: (channel, reason) =>
      raise(
        channelGoneKey(channel),
        `the channel ${channel} was turned off: ${reason}. Its deliveries wait; fix the destination, then run leadrelay channels enable ${channel} to send them.`,
      ),
    legacyJobHandler: async ({ key }) => {
      const row = await opsAlertsRepository.getOpsAlert(store.db, key)
      if (!row || row.sent_at !== null || row.resolved_at !== null) return { kind: 'done' }
      await store.db.transaction().execute((trx) => fanOut(trx, row, clock.now()))
      store.notifyJobs()
      return { kind: 'done' }
    },
  }
}
