import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { channelConfigs, createChannel } from './channels/create-channels.js'
import { createDeliverHandler } from './channels/deliver-job.js'
import type { Config } from './config/index.js'
import { createWorker, type Worker } from './jobs/index.js'
import type { TokenManager } from './linkedin/index.js'
import { createLinkedInAccess } from './linkedin-access.js'
import { ackKey } from './pipeline/ack-token.js'
import type { AlertSettings } from './pipeline/alert-settings.js'
import { createAlertBuilder } from './pipeline/build-alert.js'
import { createEscalateHandler } from './pipeline/escalate-lead-job.js'
import { createHealthCheckHandler, scheduleHealthCheck } from './pipeline/health-check.js'
import { createProcessLeadHandler, createReceiveNotification, wakeLeadJobs } from './pipeline/index.js'
import {
  combineOpsSenders,
  createOpsAlertHandler,
  emailOpsSender,
  raiseOpsAlert,
  slackOpsSender,
  webhookOpsSender,
} from './pipeline/ops-alerts.js'
import { createPullHandler } from './pipeline/pull-leads.js'
import { createReconcileAllHandler, type ReconcileSettings, scheduleReconciliation } from './pipeline/reconcile.js'
import { routeAndAlert } from './pipeline/route-lead.js'
import { activeSubscriptions } from './pipeline/subscriptions.js'
import { createSequences } from './sequences/index.js'
import { buildServer } from './server/build-server.js'
import { createMetrics, type Metrics } from './server/metrics.js'
import { createStore, migrateStore, type Store } from './store/index.js'
import { type Clock, systemClock } from './util/clock.js'
import type { Logger } from './util/logger.js'
import { createWeb } from './web/index.js'

export interface LeadRelayDeps {
  readonly logger: Logger
  readonly clock?: Clock
}

export interface LeadRelay {
  readonly store: Store
  readonly metrics: Metrics
  readonly server: FastifyInstance | undefined
  readonly worker: Worker | undefined
  readonly tokens: TokenManager
  /** Migrates, then listens (web role) and starts the worker (worker role); returns the URL served. */
  start(): Promise<{ readonly url: string | undefined }>
  stop(): Promise<void>
}

/** The composition root: the only module that knows every folder. */
export async function createLeadRelay(config: Config, deps: LeadRelayDeps): Promise<LeadRelay> {
  const clock = deps.clock ?? systemClock
  const { logger } = deps
  const role = config.server.role
  const store = await createStore({
    url: config.database.url,
    sqliteSynchronous: config.database.sqliteSynchronous,
    postgresPoolSize: config.database.postgresPoolSize,
    commitTimeoutMs: config.database.commitTimeoutMs,
  })
  const metrics = createMetrics()

  const secrets = config.linkedin.clientSecret
    ? { current: config.linkedin.clientSecret, previous: config.linkedin.clientSecretPrevious }
    : undefined
  const receive = createReceiveNotification({ secrets, inbox: store.inbox, clock })

  const { oauth, tokens, leadSync, subscriptions, owners } = createLinkedInAccess(config, store, clock)

  const configs = channelConfigs(config)
  const channels = new Map(configs.map((c) => [c.name, createChannel(c)]))
  /** CRM user id → team member id, per CRM channel (the inverse of each channel's `owners`). */
  const membersByCrmOwner = new Map(
    configs.flatMap((c) =>
      'owners' in c ? [[c.name, new Map(Object.entries(c.owners).map(([m, crm]) => [crm, m]))] as const] : [],
    ),
  )
  const lookupExistingOwner = async (name: string, query: { email: string | null; domain: string | null }) => {
    const channel = channels.get(name)
    if (!channel?.findOwner) return null
    const found = await channel.findOwner(query, AbortSignal.timeout(config.linkedin.timeoutMs))
    return found ? (membersByCrmOwner.get(name)?.get(found.crmOwnerId) ?? null) : null
  }
  const settings: AlertSettings = {
    team: config.team,
    scoring: config.scoring,
    routing: config.routing,
    channels: [...channels.values()].map((c) => ({
      name: c.name,
      sendTestLeads: c.sendTestLeads,
      deletes: c.deleteLead !== undefined,
    })),
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
  const reconcile: ReconcileSettings = {
    at: config.pulls.reconcileAt,
    timeZone: config.display.timeZone,
    windowMs: config.pulls.reconcileWindowHours * 3_600_000,
  }
  const opsEmail =
    config.ops.emailTo && config.alerts.smtpUrl && config.alerts.emailFrom
      ? emailOpsSender(
          config.alerts.smtpUrl,
          config.alerts.emailFrom,
          config.ops.emailTo.split(',').map((a) => a.trim()),
        )
      : undefined
  const opsSender = combineOpsSenders([
    ...(config.ops.slackWebhookUrl ? [slackOpsSender(config.ops.slackWebhookUrl)] : []),
    ...(config.ops.webhookUrl && config.ops.webhookSecret
      ? [webhookOpsSender(config.ops.webhookUrl, config.ops.webhookSecret)]
      : []),
    ...(opsEmail ? [opsEmail] : []),
  ])
  const health = {
    challengeSilenceMs: config.ops.challengeSilenceMinutes * 60_000,
    checkEveryMs: config.ops.healthCheckMinutes * 60_000,
    retentionDays: config.ops.retentionDays,
    signInHint: `Sign in again: leadrelay auth login (or ${baseUrl}/api/auth/linkedin/sign-in-link).`,
  }
  /** Introspection (is the token active?) plus one cheap authorised Lead Sync read. */
  const heartbeat = async () => {
    const token = await tokens.accessToken()
    if (oauth) {
      const introspection = await oauth.introspect(token)
      if (!introspection.active)
        throw new Error(`LinkedIn says the access token is ${introspection.status ?? 'not active'}`)
    }
    const [subscription] = await activeSubscriptions(store)
    if (subscription) {
      await leadSync.findLeadFormResponses(
        { owner: JSON.parse(subscription.owner), leadType: subscription.lead_type },
        { start: 0, count: 1 },
      )
    } else {
      await owners.list()
    }
  }
  const buildAlert = createAlertBuilder({
    store,
    clock,
    settings,
    ackKey: key,
    ackLinkTtlMs: config.alerts.ackLinkTtlHours * 3_600_000,
    baseUrl,
    timeZone: config.display.timeZone,
  })

  const slackBot = configs.find((c) => c.type === 'slack' && c.botToken !== undefined)
  const sequences = createSequences(
    {
      sequences: config.sequences,
      compliance: config.compliance,
      llm: config.llm,
      mailbox: config.mailbox,
      team: config.team,
      defaultTimeZone: config.display.timeZone,
      baseUrl,
      slack:
        slackBot?.type === 'slack' && slackBot.botToken
          ? { botToken: slackBot.botToken, apiUrl: slackBot.apiUrl }
          : undefined,
    },
    { store, clock, logger, key },
  )

  const web = createWeb(config, {
    store,
    clock,
    logger,
    tokens,
    alerts: settings,
    baseUrl,
    sequences: sequences.runtime,
  })
  const server =
    role === 'worker'
      ? undefined
      : await buildServer({
          config,
          store,
          receive,
          metrics,
          logger,
          clock,
          tokens,
          oauth,
          subscriptions,
          owners,
          ackKey: key,
          memberForSlackUser: (slackUserId) => config.team?.members.find((m) => m.slackUserId === slackUserId)?.id,
          routes: { public: [sequences.publicRoutes], api: [sequences.apiRoutes] },
          slackActions: sequences.slackActions,
          web: web.routeDeps,
          ...(config.server.tlsCertFile && config.server.tlsKeyFile
            ? { tls: { cert: readFileSync(config.server.tlsCertFile), key: readFileSync(config.server.tlsKeyFile) } }
            : {}),
        })

  const worker =
    role === 'web'
      ? undefined
      : createWorker({
          store,
          clock,
          logger,
          handlers: {
            'process-lead': createProcessLeadHandler({
              store,
              clock,
              client: leadSync,
              routeAndAlert: (leadId) =>
                routeAndAlert({ store, clock, settings, lookupExistingOwner, onRouted: sequences.onRouted }, leadId),
              deletingChannels: settings.channels.filter((c) => c.deletes).map((c) => c.name),
            }),
            deliver: createDeliverHandler({ store, channels, buildAlert, clock, logger, senders: sequences.senders }),
            escalate: createEscalateHandler({ store, clock, settings }),
            pull: createPullHandler({
              store,
              clock,
              logger,
              client: leadSync,
              routeAndAlert: (leadId, options) =>
                routeAndAlert(
                  { store, clock, settings, lookupExistingOwner, onRouted: sequences.onRouted },
                  leadId,
                  options,
                ),
              alertMaxAgeMs: config.pulls.alertMaxAgeHours * 3_600_000,
              onRecovered: (pull) => {
                raiseOpsAlert(
                  store,
                  `recovered-by-pull:${pull.id}`,
                  `the daily reconciliation recovered ${pull.recovered} of ${pull.linkedin_count} leads that no webhook brought (${pull.lead_type}, ${Object.values(JSON.parse(pull.owner))[0]}): LinkedIn missed or could not reach the webhook.`,
                  clock.now(),
                ).catch((error: Error) => logger.error({ err: error.message }, 'could not raise an ops alert'))
              },
            }),
            'reconcile-all': createReconcileAllHandler({ store, clock, settings: reconcile }),
            'ops-alert': createOpsAlertHandler({
              store,
              clock,
              logger,
              send: opsSender,
            }),
            'health-check': createHealthCheckHandler({ store, clock, tokens, heartbeat, settings: health }),
            ...sequences.handlers,
          },
          concurrency: config.worker.concurrency,
          pollIntervalMs: config.worker.pollIntervalMs,
          leaseMs: config.worker.leaseMs,
          onSettled: (job, outcome) => metrics.jobs.inc({ job: job.name, outcome }),
        })

  return {
    store,
    metrics,
    server,
    worker,
    tokens,
    async start() {
      const applied = await migrateStore(store)
      logger.info({ store: store.settings, migrationsApplied: applied }, 'store ready')
      await web.start()
      if (config.linkedin.accessToken && !(await tokens.hasToken())) {
        await tokens.storeUnknownExpiry(config.linkedin.accessToken, config.linkedin.refreshToken, 'env')
        logger.info('stored the LinkedIn token given in LINKEDIN_ACCESS_TOKEN')
        await wakeLeadJobs(store, clock.now())
      }
      if (!secrets) logger.warn('LINKEDIN_CLIENT_SECRET is not set: the webhook answers 503 until it is')
      let url: string | undefined
      if (server) {
        await server.listen({ host: config.server.host, port: config.server.port })
        const address = server.server.address() as AddressInfo
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
        url = `${config.server.tlsCertFile ? 'https' : 'http'}://${host}:${address.port}`
        logger.info({ url, role }, `LeadRelay listening on ${url}`)
      }
      await scheduleReconciliation(store, clock.now(), reconcile)
      await scheduleHealthCheck(store, clock.now(), health.checkEveryMs)
      worker?.start()
      if (worker) sequences.start()
      return { url }
    },
    async stop() {
      web.close()
      await server?.close()
      await sequences.close()
      await worker?.stop()
      for (const channel of channels.values()) channel.close?.()
      opsEmail?.close()
      await store.close()
    },
  }
}
