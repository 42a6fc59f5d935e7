import Fastify, { type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify'
import type { Config } from '../config/index.js'
import {
  LEAD_SYNC_SCOPES,
  type OAuthClient,
  type OwnersClient,
  type SubscriptionsClient,
  type TokenManager,
} from '../linkedin/index.js'
import type { Outcomes } from '../outcomes/index.js'
import type { Acknowledge, OpsAlerts, ReceiveNotification } from '../pipeline/index.js'
import { createBurstWatch, recordChallenge } from '../pipeline/index.js'
import type { Reports } from '../reports/index.js'
import type { Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { type WebDeps, webRoutes } from '../web/index.js'
import { createAllowList, createFailureLimit } from './address-guard.js'
import { requireApiToken } from './auth.js'
import { limitConnections } from './connection-limits.js'
import { registerErrorHandling } from './error-handler.js'
import type { Metrics } from './metrics.js'
import { type AckRoutesOptions, ackRoutes } from './routes/ack.js'
import { channelsApiRoutes } from './routes/api/channels.js'
import { deliveriesApiRoutes } from './routes/api/deliveries.js'
import { eventsApiRoutes } from './routes/api/events.js'
import { leadsApiRoutes } from './routes/api/leads.js'
import { linkedinAuthApiRoutes } from './routes/api/linkedin-auth.js'
import { outcomesApiRoutes } from './routes/api/outcomes.js'
import { reportsApiRoutes } from './routes/api/reports.js'
import { subscriptionsApiRoutes } from './routes/api/subscriptions.js'
import { healthRoutes } from './routes/health.js'
import { linkedinOAuthRoutes } from './routes/linkedin-oauth.js'
import { linkedinWebhookRoutes } from './routes/linkedin-webhook.js'
import { metricsRoutes } from './routes/metrics.js'
import { registerStoreGauges } from './store-gauges.js'

export interface BuildServerDeps {
  readonly config: Config
  readonly store: Store
  readonly receive: ReceiveNotification
  readonly metrics: Metrics
  readonly logger: Logger
  readonly clock: Clock
  readonly tokens: TokenManager
  readonly oauth: OAuthClient | undefined
  readonly subscriptions: SubscriptionsClient
  readonly owners: OwnersClient
  /** Signs and checks "I'm on it" links. */
  readonly ackKey: () => Promise<Buffer>
  /** Records an acknowledgement with the pipeline's hooks; without it, the acknowledgement alone. */
  readonly acknowledge?: Acknowledge
  readonly memberForSlackUser: (slackUserId: string) => string | undefined
  readonly ops: Pick<OpsAlerts, 'raise' | 'resolve'>
  /** Every configured channel (name and type), for the channels API. */
  readonly channels: readonly { readonly name: string; readonly type: string }[]
  readonly outcomes?: Outcomes
  readonly reports?: Reports
  /** The dashboard's dependencies; without them the server has no dashboard (API-only tests). */
  readonly web?: WebDeps
  /** Slack buttons of domain folders (sequence tasks and drafts), answered on `/slack/interactivity`. */
  readonly slackActions?: AckRoutesOptions['slackActions']
  /** Route plugins of domain folders (e.g. sequences): public ones, and ones behind the API token. */
  readonly routes?: { readonly public?: readonly FastifyPluginAsync[]; readonly api?: readonly FastifyPluginAsync[] }
  /** PEM contents; when given, the server speaks HTTPS itself. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer }
}

/** Builds the HTTP app without listening, so tests can `inject` and `start` can `listen`. */
export async function buildServer(deps: BuildServerDeps): Promise<FastifyInstance> {
  const limits = deps.config.server
  // Node checks these timeouts only every connectionsCheckingInterval (30 s by default): once a second
  // keeps a trickling client from outliving its timeout by half a minute.
  const timeouts = {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: 1000,
  }
  const app = Fastify({
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: Math.min(5000, limits.idleTimeoutMs),
    http: timeouts,
    loggerInstance: deps.logger,
    // Per-request logs at webhook rates cost more than the work; failures are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    // Signed acknowledgement tokens (/ack/:token) are longer than Fastify's 100-character default.
    routerOptions: { maxParamLength: 512 },
    trustProxy: fastifyTrustProxy(deps.config.server.trustProxy),
    ...(deps.tls ? { https: { cert: deps.tls.cert, key: deps.tls.key, ...timeouts } } : {}),
  }) as unknown as FastifyInstance
  // A client may half-close once its request is sent; Node's default then drops the answer still waiting
  // for its commit's WAL sync. Answer first: the socket ends after the last response.
  ;(app.server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true
  const proxy = limits.trustProxy
  limitConnections(app.server, {
    maxConnections: limits.maxConnections,
    maxPerAddress: limits.maxConnectionsPerAddress,
    // With TRUST_PROXY=true or a hop count every peer is a proxy, so only the total cap applies.
    exempt: typeof proxy === 'string' ? createAllowList(proxy.split(',')) : () => proxy !== false,
  })
  registerErrorHandling(app)

  await app.register(healthRoutes, { store: deps.store, timeoutMs: deps.config.database.commitTimeoutMs })
  registerStoreGauges(deps.metrics, { store: deps.store, tokens: deps.tokens, clock: deps.clock })
  await app.register(metricsRoutes, { metrics: deps.metrics })
  let lastChallengeRecorded = Number.NEGATIVE_INFINITY
  // Anyone can send bad signatures; a rotated secret also means no correctly signed notification.
  let lastAccepted = Number.NEGATIVE_INFINITY
  const badSignatures = createBurstWatch({
    threshold: 20,
    windowMs: 5 * 60_000,
    now: () => deps.clock.now().getTime(),
    onBurst: (count) => {
      if (deps.clock.now().getTime() - lastAccepted < 5 * 60_000) return
      const now = deps.clock.now()
      deps.ops
        .raise(
          `bad-signatures:${now.toISOString().slice(0, 13)}`,
          `${count} notifications with a wrong X-LI-Signature in 5 minutes: was the LinkedIn client secret rotated? Set the new one as LINKEDIN_CLIENT_SECRET and the old as LINKEDIN_CLIENT_SECRET_PREVIOUS.`,
        )
        .catch((error: Error) => deps.logger.error({ err: error.message }, 'could not raise an ops alert'))
    },
  })
  await app.register(linkedinWebhookRoutes, {
    receive: deps.receive,
    clientSecret: deps.config.linkedin.clientSecret,
    metrics: deps.metrics,
    onBadSignature: badSignatures.record,
    ...(deps.config.webhook.allowCidrs ? { allowAddress: createAllowList(deps.config.webhook.allowCidrs) } : {}),
    badSignatures: createFailureLimit(deps.config.webhook.badSignatureLimit),
    now: () => deps.clock.now().getTime(),
    onChallenge: (outcome) => {
      // Anyone can send a UUID: recorded at most once a minute, so strangers cannot grow the table (and a
      // real outage is also caught by the health check asking LinkedIn for the subscriptions).
      const at = deps.clock.now().getTime()
      if (at - lastChallengeRecorded < 60_000) return
      lastChallengeRecorded = at
      recordChallenge(deps.store, at, outcome).catch((error: Error) =>
        deps.logger.error({ err: error.message }, 'could not record a LinkedIn challenge'),
      )
    },
    onAccepted: () => {
      lastAccepted = deps.clock.now().getTime()
    },
  })
  const publicUrl = deps.config.server.publicUrl
  await app.register(linkedinOAuthRoutes, {
    store: deps.store,
    clock: deps.clock,
    tokens: deps.tokens,
    oauth: deps.oauth,
    publicUrl,
    scopes: Object.values(deps.config.conversions).some(Boolean) ? [...LEAD_SYNC_SCOPES, 'rw_conversions'] : undefined,
  })
  await app.register(ackRoutes, {
    store: deps.store,
    clock: deps.clock,
    ackKey: deps.ackKey,
    ...(deps.acknowledge ? { acknowledge: deps.acknowledge } : {}),
    slackSigningSecret: deps.config.alerts.slackSigningSecret,
    memberForSlackUser: deps.memberForSlackUser,
    ...(deps.slackActions ? { slackActions: deps.slackActions } : {}),
    outcomes: deps.outcomes,
  })
  for (const plugin of deps.routes?.public ?? []) await app.register(plugin)
  await app.register(async (api) => {
    requireApiToken(api, deps.config.api.token)
    for (const plugin of deps.routes?.api ?? []) await api.register(plugin)
    await api.register(eventsApiRoutes, { store: deps.store })
    await api.register(leadsApiRoutes, {
      store: deps.store,
      clock: deps.clock,
      timeZone: deps.config.display.timeZone,
      team: deps.config.team,
      ...(deps.acknowledge ? { acknowledge: deps.acknowledge } : {}),
    })
    if (deps.outcomes)
      await api.register(outcomesApiRoutes, {
        store: deps.store,
        outcomes: deps.outcomes,
        timeZone: deps.config.display.timeZone,
      })
    if (deps.reports) await api.register(reportsApiRoutes, { reports: deps.reports, clock: deps.clock })
    await api.register(deliveriesApiRoutes, { store: deps.store, clock: deps.clock })
    await api.register(channelsApiRoutes, {
      store: deps.store,
      clock: deps.clock,
      ops: deps.ops,
      channels: deps.channels,
    })
    await api.register(subscriptionsApiRoutes, {
      store: deps.store,
      clock: deps.clock,
      tokens: deps.tokens,
      subscriptions: deps.subscriptions,
      owners: deps.owners,
      publicUrl,
      backfillMs: deps.config.pulls.backfillDays * 86_400_000,
      reconcileWindowMs: deps.config.pulls.reconcileWindowHours * 3_600_000,
      linkedinVersion: deps.config.linkedin.version,
    })
    await api.register(linkedinAuthApiRoutes, { store: deps.store, clock: deps.clock, tokens: deps.tokens, publicUrl })
  })
  if (deps.web) await app.register(webRoutes, deps.web)
  return app
}

/** A hop count becomes proxy-addr's trust function (Fastify's types list only the other forms). */
function fastifyTrustProxy(setting: boolean | number | string) {
  return typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting
}
