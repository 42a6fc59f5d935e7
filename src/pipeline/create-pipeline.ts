import type { Channels } from '../channels/index.js'
import { createDeliverHandler, type DeliverDeps } from '../channels/index.js'
import type { Config } from '../config/index.js'
import type { JobHandlers } from '../jobs/index.js'
import { type LinkedInAccess, type Owner, versionRejectedMessage } from '../linkedin/index.js'
import { type Inbox, pruneQuarantined, type Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { ackKey } from './ack-token.js'
import { type AckHook, type Acknowledge, acknowledgeLead } from './acknowledge-lead.js'
import type { AlertSettings } from './alert-settings.js'
import { createAlertBuilder } from './build-alert.js'
import { wakeLeadJobs } from './enrich-lead.js'
import { createEscalateHandler } from './escalate-lead-job.js'
import { createHealthCheckHandler, scheduleHealthCheck } from './health-check.js'
import { createHeartbeat } from './heartbeat.js'
import { createOpsAlerts, type OpsAlerts } from './ops-alerts.js'
import { createProcessLeadHandler } from './process-lead-job.js'
import { createPullHandler } from './pull-leads.js'
import { createReceiveNotification, type ReceiveNotification } from './receive-notification.js'
import { createReconcileAllHandler, scheduleReconciliation } from './reconcile.js'
import { type RouteLeadDeps, routeAndAlert } from './route-lead.js'

const MINUTE = 60_000
const HOUR = 3_600_000

export interface PipelineDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly linkedin: LinkedInAccess
  readonly channels: Channels
  /** Tests hand in an inbox that fails; production uses the store's. */
  readonly inbox?: Inbox
  /** Follow-up sequences: enrolment when a lead is routed, and the senders of their deliveries. */
  readonly sequences?: {
    readonly onRouted?: RouteLeadDeps['onRouted']
    readonly senders?: DeliverDeps['senders']
    readonly crmTasks?: DeliverDeps['crmTasks']
    /** In the acknowledgement's transaction: `stopOn: [acknowledged]` stops the sequence then. */
    readonly onAcknowledged?: AckHook
  }
}

export interface Pipeline {
  readonly receive: ReceiveNotification
  readonly ops: OpsAlerts
  /** Signs and checks "I'm on it" links. */
  readonly ackKey: () => Promise<Buffer>
  /** Records an acknowledgement (link, Slack, dashboard, API) with its hooks. */
  readonly acknowledge: Acknowledge
  readonly handlers: JobHandlers
  /** Where people reach LeadRelay: links in alerts and sign-in hints point here. */
  readonly baseUrl: string
  /** Team, scoring, routing and escalation targets as the pipeline applies them (the dashboard shows them). */
  readonly settings: AlertSettings
  memberForSlackUser(slackUserId: string): string | undefined
  /** LinkedIn answered 426 to the configured LinkedIn-Version: one ops alert per version. */
  versionRejected(version: string): void
  /** After migrations: stores a token given in the environment, queues the recurring jobs. */
  start(): Promise<void>
}

/** Everything a lead goes through, from the webhook to the alerts, with the recurring checks around it. */
export function createPipeline(config: Config, deps: PipelineDeps): Pipeline {
  const { store, clock, logger, linkedin, channels } = deps
  const secrets = config.linkedin.clientSecret
    ? { current: config.linkedin.clientSecret, previous: config.linkedin.clientSecretPrevious }
    : undefined
  const settings: AlertSettings = {
    team: config.team,
    scoring: config.scoring,
    routing: config.routing,
    channels: channels.alerting,
    escalationMinutes: {
      hot: config.escalation.hotMinutes,
      warm: config.escalation.warmMinutes,
      cold: config.escalation.coldMinutes,
    },
  }
  // Read on first use: the settings table exists only once start() has migrated.
  let keyPromise: Promise<Buffer> | undefined
  const key = () => {
    keyPromise ??= ackKey(store, config.security.secretKey)
    return keyPromise
  }
  const baseUrl = (config.server.publicUrl ?? `http://localhost:${config.server.port}`).replace(/\/+$/, '')
  const reconcile = {
    at: config.pulls.reconcileAt,
    timeZone: config.display.timeZone,
    windowMs: config.pulls.reconcileWindowHours * HOUR,
  }
  const health = {
    challengeSilenceMs: config.ops.challengeSilenceMinutes * MINUTE,
    checkEveryMs: config.ops.healthCheckMinutes * MINUTE,
    retentionDays: config.ops.retentionDays,
    linkedinVersion: config.linkedin.version,
    signInHint: `Sign in again: leadrelay auth login (or ${baseUrl}/api/auth/linkedin/sign-in-link).`,
  }
  const ackHooks = deps.sequences?.onAcknowledged ? [deps.sequences.onAcknowledged] : []
  const ops = createOpsAlerts({ store, clock, logger, channels: channels.ops })
  const route = {
    store,
    clock,
    settings,
    lookupExistingOwner: channels.lookupExistingOwner,
    ...(deps.sequences?.onRouted ? { onRouted: deps.sequences.onRouted } : {}),
  }
  const buildAlert = createAlertBuilder({
    store,
    clock,
    settings,
    ackKey: key,
    ackLinkTtlMs: config.alerts.ackLinkTtlHours * HOUR,
    baseUrl,
    timeZone: config.display.timeZone,
  })
  const client = linkedin.leadSync

  const handlers: JobHandlers = {
    'process-lead': createProcessLeadHandler({
      store,
      clock,
      client,
      routeAndAlert: (leadId) => routeAndAlert(route, leadId),
      deletingChannels: settings.channels.filter((c) => c.deletes).map((c) => c.name),
    }),
    deliver: createDeliverHandler({
      store,
      channels: channels.byName,
      buildAlert,
      clock,
      logger,
      onChannelGone: ops.channelGone,
      ...(deps.sequences?.senders ? { senders: deps.sequences.senders } : {}),
      ...(deps.sequences?.crmTasks ? { crmTasks: deps.sequences.crmTasks } : {}),
    }),
    escalate: createEscalateHandler({ store, clock, settings }),
    pull: createPullHandler({
      store,
      clock,
      logger,
      client,
      routeAndAlert: (leadId, options) => routeAndAlert(route, leadId, options),
      alertMaxAgeMs: config.pulls.alertMaxAgeHours * HOUR,
      ops,
    }),
    'reconcile-all': createReconcileAllHandler({ store, clock, settings: reconcile }),
    'ops-alert': ops.legacyJobHandler,
    'health-check': createHealthCheckHandler({
      store,
      clock,
      tokens: linkedin.tokens,
      ops,
      heartbeat: createHeartbeat(store, linkedin),
      listSubscriptions: (owner, leadType) => linkedin.subscriptions.list(owner as unknown as Owner, leadType),
      listWebhookStatuses: () => linkedin.developerWebhooks.list(),
      settings: health,
    }),
  }

  return {
    receive: createReceiveNotification({
      secrets,
      inbox: deps.inbox ?? store.inbox,
      clock,
      quarantine: { limit: config.webhook.quarantineMax, prune: (keep) => pruneQuarantined(store.db, keep) },
    }),
    versionRejected(version) {
      ops
        .raise(`linkedin-version-rejected:${version}`, versionRejectedMessage(version, clock.now()))
        .catch((error: Error) => logger.error({ err: error.message }, 'could not raise an ops alert'))
    },
    ops,
    ackKey: key,
    acknowledge: (leadId, by, at, via) => acknowledgeLead(store, leadId, by, at, via, ackHooks),
    handlers,
    baseUrl,
    settings,
    memberForSlackUser: (slackUserId) => config.team?.members.find((m) => m.slackUserId === slackUserId)?.id,
    async start() {
      if (config.linkedin.accessToken && !(await linkedin.tokens.hasToken())) {
        await linkedin.tokens.storeUnknownExpiry(config.linkedin.accessToken, config.linkedin.refreshToken, 'env')
        logger.info('stored the LinkedIn token given in LINKEDIN_ACCESS_TOKEN')
        await wakeLeadJobs(store, clock.now())
      }
      if (!secrets) logger.warn('LINKEDIN_CLIENT_SECRET is not set: the webhook answers 503 until it is')
      await scheduleReconciliation(store, clock.now(), reconcile)
      await scheduleHealthCheck(store.db, clock.now(), health.checkEveryMs)
    },
  }
}
