import type { FastifyInstance } from 'fastify'
import { createChannels } from './channels/index.js'
import { type Config, enforceSecretsPolicy } from './config/index.js'
import { createWorker, type Worker } from './jobs/index.js'
import { createLinkedInAccess, type TokenManager } from './linkedin/index.js'
import { createPipeline } from './pipeline/index.js'
import { createHttpServer, createMetrics, type Metrics } from './server/index.js'
import { createStore, migrateStore, type Store } from './store/index.js'
import { type Clock, createSecretBox, type Logger, systemClock } from './util/index.js'

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

/** The composition root: the only module that knows every folder. It calls each folder's builder, in order. */
export async function createLeadRelay(config: Config, deps: LeadRelayDeps): Promise<LeadRelay> {
  const clock = deps.clock ?? systemClock
  const { logger } = deps
  const store = await createStore(config.database)
  const metrics = createMetrics()
  const box = createSecretBox(config.security.secretKey)
  const onVersionRejected = (version: string) => pipeline.versionRejected(version)
  const linkedin = createLinkedInAccess(config.linkedin, { store, clock, box, onVersionRejected })
  const channels = createChannels(config, {
    logger,
    onLookupFailed: (channel) => metrics.crmLookupFailures.inc({ channel }),
  })
  const pipeline = createPipeline(config, { store, clock, logger, linkedin, channels })
  const http =
    config.server.role === 'worker'
      ? undefined
      : await createHttpServer(config, { store, metrics, logger, clock, linkedin, pipeline, channels: channels.listed })
  const worker =
    config.server.role === 'web'
      ? undefined
      : createWorker({
          store,
          clock,
          logger,
          handlers: pipeline.handlers,
          ...config.worker,
          onSettled: (job, outcome) => metrics.jobs.inc({ job: job.name, outcome }),
        })

  return {
    store,
    metrics,
    server: http?.app,
    worker,
    tokens: linkedin.tokens,
    async start() {
      enforceSecretsPolicy(config, (message) => logger.warn(message))
      const applied = await migrateStore(store)
      logger.info({ store: store.settings, migrationsApplied: applied }, 'store ready')
      await pipeline.start()
      const url = await http?.listen()
      worker?.start()
      return { url }
    },
    async stop() {
      await http?.app.close()
      await worker?.stop()
      channels.close()
      await store.close()
    },
  }
}
