import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config/index.js'
import type { LinkedInAccess } from '../linkedin/index.js'
import type { Outcomes } from '../outcomes/index.js'
import { enableChannel, type Pipeline } from '../pipeline/index.js'
import type { Reports } from '../reports/index.js'
import type { SequenceRuntime } from '../sequences/index.js'
import type { Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { createWeb } from '../web/index.js'
import { type BuildServerDeps, buildServer } from './build-server.js'
import type { Metrics } from './metrics.js'

export interface HttpServerDeps {
  readonly store: Store
  readonly metrics: Metrics
  readonly logger: Logger
  readonly clock: Clock
  readonly linkedin: LinkedInAccess
  readonly pipeline: Pick<
    Pipeline,
    'receive' | 'ops' | 'ackKey' | 'acknowledge' | 'memberForSlackUser' | 'settings' | 'baseUrl'
  >
  readonly channels: readonly { readonly name: string; readonly type: string }[]
  /** Follow-up sequences: their routes, Slack buttons and (for the dashboard pages) their runtime. */
  readonly sequences?: {
    readonly routes: NonNullable<BuildServerDeps['routes']>
    readonly slackActions: NonNullable<BuildServerDeps['slackActions']>
    readonly runtime: SequenceRuntime
  }
  readonly outcomes?: Outcomes
  readonly reports?: Reports
}

export interface HttpServer {
  readonly app: FastifyInstance
  /** Listens where the configuration says; returns the URL served. */
  listen(): Promise<string>
}

/** The HTTP app over the pipeline and the LinkedIn clients; TLS when a certificate and key are configured. */
export async function createHttpServer(config: Config, deps: HttpServerDeps): Promise<HttpServer> {
  const { tlsCertFile, tlsKeyFile } = config.server
  const { store, clock, pipeline } = deps
  const web = createWeb(config, {
    store,
    clock,
    logger: deps.logger,
    tokens: deps.linkedin.tokens,
    alerts: pipeline.settings,
    baseUrl: pipeline.baseUrl,
    ...(deps.reports ? { reports: deps.reports } : {}),
    enableChannel: (name) =>
      enableChannel(
        store,
        pipeline.ops,
        deps.channels.map((c) => c.name),
        name,
        clock.now(),
      ),
    sequences: deps.sequences?.runtime,
    outcomes: deps.outcomes,
    acknowledge: pipeline.acknowledge,
  })
  const app = await buildServer({
    config,
    store: deps.store,
    receive: deps.pipeline.receive,
    metrics: deps.metrics,
    logger: deps.logger,
    clock: deps.clock,
    tokens: deps.linkedin.tokens,
    oauth: deps.linkedin.oauth,
    subscriptions: deps.linkedin.subscriptions,
    owners: deps.linkedin.owners,
    ackKey: deps.pipeline.ackKey,
    acknowledge: deps.pipeline.acknowledge,
    memberForSlackUser: deps.pipeline.memberForSlackUser,
    ops: deps.pipeline.ops,
    channels: deps.channels,
    web: web.routeDeps,
    ...(deps.sequences ? { routes: deps.sequences.routes, slackActions: deps.sequences.slackActions } : {}),
    ...(deps.outcomes ? { outcomes: deps.outcomes } : {}),
    ...(deps.reports ? { reports: deps.reports } : {}),
    ...(tlsCertFile && tlsKeyFile ? { tls: { cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) } } : {}),
  })
  app.addHook('onClose', async () => web.close())
  return {
    app,
    async listen() {
      await web.start()
      await app.listen({ host: config.server.host, port: config.server.port })
      const address = app.server.address() as AddressInfo
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
      const url = `${tlsCertFile ? 'https' : 'http'}://${host}:${address.port}`
      deps.logger.info({ url, role: config.server.role }, `LeadRelay listening on ${url}`)
      return url
    },
  }
}
