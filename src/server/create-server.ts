import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config/index.js'
import type { LinkedInAccess } from '../linkedin/index.js'
import type { Pipeline } from '../pipeline/index.js'
import type { Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { type BuildServerDeps, buildServer } from './build-server.js'
import type { Metrics } from './metrics.js'

export interface HttpServerDeps {
  readonly store: Store
  readonly metrics: Metrics
  readonly logger: Logger
  readonly clock: Clock
  readonly linkedin: LinkedInAccess
  readonly pipeline: Pick<Pipeline, 'receive' | 'ops' | 'ackKey' | 'memberForSlackUser'>
  readonly channels: readonly { readonly name: string; readonly type: string }[]
  /** The dashboard; absent in API-only set-ups and tests. */
  readonly web?: BuildServerDeps['web']
  /** Route plugins and Slack buttons of other domains (follow-up sequences). */
  readonly routes?: BuildServerDeps['routes']
  readonly slackActions?: BuildServerDeps['slackActions']
}

export interface HttpServer {
  readonly app: FastifyInstance
  /** Listens where the configuration says; returns the URL served. */
  listen(): Promise<string>
}

/** The HTTP app over the pipeline and the LinkedIn clients; TLS when a certificate and key are configured. */
export async function createHttpServer(config: Config, deps: HttpServerDeps): Promise<HttpServer> {
  const { tlsCertFile, tlsKeyFile } = config.server
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
    memberForSlackUser: deps.pipeline.memberForSlackUser,
    ops: deps.pipeline.ops,
    channels: deps.channels,
    ...(deps.web ? { web: deps.web } : {}),
    ...(deps.routes ? { routes: deps.routes } : {}),
    ...(deps.slackActions ? { slackActions: deps.slackActions } : {}),
    ...(tlsCertFile && tlsKeyFile ? { tls: { cert: readFileSync(tlsCertFile), key: readFileSync(tlsKeyFile) } } : {}),
  })
  return {
    app,
    async listen() {
      await app.listen({ host: config.server.host, port: config.server.port })
      const address = app.server.address() as AddressInfo
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
      const url = `${tlsCertFile ? 'https' : 'http'}://${host}:${address.port}`
      deps.logger.info({ url, role: config.server.role }, `LeadRelay listening on ${url}`)
      return url
    },
  }
}
