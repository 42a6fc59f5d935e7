import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import type { Logger } from '../util/index.js'
import { type Clock, systemClock } from '../util/index.js'
import { controlRoutes } from './control-routes.js'
import { conversionRoutes } from './conversion-routes.js'
import { createConversions } from './conversions.js'
import { developerWebhookRoutes } from './developer-webhook-routes.js'
import { createDiscovery } from './discovery.js'
import { discoveryRoutes } from './discovery-routes.js'
import { errors, sendError } from './errors.js'
import { createFaults } from './faults.js'
import { createLeadActions, type HistoryRequest } from './lead-actions.js'
import { leadNotificationRoutes } from './lead-notification-routes.js'
import { createLeadStore } from './lead-store.js'
import { createLeadStream } from './lead-stream.js'
import { leadSyncRoutes } from './lead-sync-routes.js'
import type { Owner } from './linkedin-types.js'
import { createTokenIssuer } from './oauth.js'
import { oauthRoutes } from './oauth-routes.js'
import { createRestGuard } from './rest-guard.js'
import { addRestTiming, type RestCall } from './rest-timing.js'
import { createSeedData } from './seed.js'
import { createSubscriptions } from './subscriptions.js'
import { createWebhookSender, type SignatureStyle } from './webhook-sender.js'

export interface SimulatorOptions {
  readonly seed?: number | string
  readonly clientId: string
  readonly clientSecret: string
  /** Accepted on `/rest` in addition to tokens issued by the OAuth endpoints; never expires. */
  readonly accessToken?: string
  readonly revalidateEveryMs?: number
  readonly retryScheduleMs?: readonly number[]
  readonly signature?: Partial<SignatureStyle>
  readonly duplicateRate?: number
  readonly clock?: Clock
  readonly logger: Logger
  /** How often due re-validations and retries run once started; 0 leaves it to `tick()` (manual clocks). */
  readonly tickIntervalMs?: number
  readonly host?: string
  /** Past leads to add at start (stored, never pushed), as `seedHistory` does; for backfill tests and demos. */
  readonly history?: HistoryRequest
  /** How long every `/rest` call waits before it is handled (LinkedIn's response time); default 0. */
  readonly restLatencyMs?: number
  /** Called after every `/rest` answer with its arrival and answer times (for benchmarks). */
  readonly onRestCall?: (call: RestCall) => void
}

/** A local LinkedIn: Lead Sync REST API, OAuth, the webhook sender, and a control API. Built, not listening. */
export function createSimulator(options: SimulatorOptions) {
  const clock = options.clock ?? systemClock
  const { logger } = options
  if (options.restLatencyMs !== undefined && !(options.restLatencyMs >= 0 && Number.isFinite(options.restLatencyMs)))
    throw new RangeError(`restLatencyMs must be a number of milliseconds ≥ 0, got ${options.restLatencyMs}`)
  const seed = createSeedData(options.seed ?? 1, clock.now().getTime())
  const discovery = createDiscovery(options.seed ?? 1, seed.owners, clock.now().getTime())
  const store = createLeadStore(seed, clock)
  const tokens = createTokenIssuer({ clock, clientId: options.clientId })
  const faults = createFaults()
  const subscriptions = createSubscriptions(seed.random.int(100_000, 899_999))
  // A fixed first id: drawing it from `seed.random` would shift every seeded lead after it.
  const conversions = createConversions(104_000)
  const sender = createWebhookSender({
    clientSecret: options.clientSecret,
    clock,
    logger,
    random: seed.random,
    ...(options.revalidateEveryMs !== undefined ? { revalidateEveryMs: options.revalidateEveryMs } : {}),
    ...(options.retryScheduleMs ? { retryScheduleMs: options.retryScheduleMs } : {}),
    ...(options.signature ? { signature: options.signature } : {}),
    ...(options.duplicateRate !== undefined ? { duplicateRate: options.duplicateRate } : {}),
  })
  const actions = createLeadActions({ store, subscriptions, sender, random: seed.random, clock })
  const stream = createLeadStream(() => actions.submit(), logger)
  if (options.history) actions.seedHistory(options.history)
  const accessToken = options.accessToken ?? tokens.grant().access_token
  if (options.accessToken) tokens.acceptStatic(options.accessToken)
  const tick = () => sender.tick()

  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
  }) as unknown as FastifyInstance
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, errors.notFound(`No resource at ${request.method} ${request.url.split('?')[0]}`)),
  )
  const restGuard = createRestGuard({ clock, tokens, faults })
  app.register(async (rest) => {
    addRestTiming(rest, {
      ...(options.restLatencyMs !== undefined ? { latencyMs: options.restLatencyMs } : {}),
      ...(options.onRestCall ? { onRestCall: options.onRestCall } : {}),
    })
    rest.addHook('onRequest', restGuard)
    await rest.register(leadSyncRoutes, { store })
    await rest.register(leadNotificationRoutes, { store, subscriptions, sender })
    await rest.register(discoveryRoutes, { discovery })
    await rest.register(conversionRoutes, { conversions, clock })
    await rest.register(developerWebhookRoutes, { sender })
  })
  app.register(oauthRoutes, { clientId: options.clientId, clientSecret: options.clientSecret, tokens, faults })
  app.register(controlRoutes, {
    actions,
    store,
    subscriptions,
    sender,
    faults,
    tokens,
    stream,
    tick,
    owners: seed.owners,
  })

  let timer: NodeJS.Timeout | undefined
  let url: string | undefined
  return {
    app,
    clientId: options.clientId,
    accessToken,
    owners: seed.owners,
    /** The connected member's ad account roles and organization ACLs, as the discovery endpoints serve them. */
    discovery,
    forms: store.forms,
    store,
    tokens,
    faults,
    subscriptions,
    /** Conversion rules and the events LinkedIn would count (deduplicated by eventId) and received. */
    conversions,
    sender,
    stream,
    url: () => url,
    submitLead: actions.submit,
    deleteLead: actions.remove,
    /** `count` past leads spread evenly over the last `days` days (≤ 365), stored without notifications. */
    seedHistory: (count: number, days: number, more: Omit<HistoryRequest, 'count' | 'days'> = {}) =>
      actions.seedHistory({ ...more, count, days }),
    /** Drops the next `count` notification POSTs (not retried), as a webhook LinkedIn lost. */
    dropNotifications: (count: number) => sender.dropNext(count),
    /** Stops (true) or restarts (false) re-validation challenges. */
    pauseChallenges: (paused = true) => sender.pauseChallenges(paused),
    /** Sets a refresh token's (default: the last issued) and its access tokens' remaining lifetime. */
    expireTokens: tokens.setExpiry,
    /** Runs re-validations and retries that are due on the clock. */
    tick,
    /** Creates a subscription through the REST API itself, so the same rules (challenge first) apply. */
    async subscribe(
      webhook: string,
      owner: Owner = { sponsoredAccount: seed.owners.sponsoredAccounts[0]!.urn },
      leadType = 'SPONSORED',
    ) {
      const response = await app.inject({
        method: 'POST',
        url: '/rest/leadNotifications',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'linkedin-version': currentVersion(clock),
          'x-restli-protocol-version': '2.0.0',
          'content-type': 'application/json',
        },
        payload: JSON.stringify({ webhook, owner, leadType }),
      })
      return {
        status: response.statusCode,
        id: response.headers['x-restli-id'] as string | undefined,
        body: response.body,
      }
    },
    async start(port = 0): Promise<string> {
      await app.listen({ host: options.host ?? '127.0.0.1', port })
      const address = app.server.address() as AddressInfo
      url = `http://${options.host ?? '127.0.0.1'}:${address.port}`
      const every = options.tickIntervalMs ?? 1000
      if (every > 0) {
        timer = setInterval(() => {
          tick().catch((error: Error) => logger.error({ err: error.message }, 'simulator tick failed'))
        }, every)
        timer.unref()
      }
      return url
    },
    async stop() {
      if (timer) clearInterval(timer)
      stream.stop()
      await app.close()
    },
  }
}
export type Simulator = ReturnType<typeof createSimulator>

/** The LinkedIn-Version a client would send today (YYYYMM). */
export function currentVersion(clock: Clock): string {
  const now = clock.now()
  return `${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`
}
