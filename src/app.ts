import { createChannels } from './channels/index.js'
import { type Config, enforceSecretsPolicy } from './config/index.js'
import { createWorker } from './jobs/index.js'
import type { LeadRelay, LeadRelayDeps } from './lead-relay.js'
import { createLinkedInAccess } from './linkedin/index.js'
import { createOutcomes } from './outcomes/index.js'
import { createPipeline } from './pipeline/index.js'
import { businessTimeFor, createReports } from './reports/index.js'
import { createSequences, sequencesConfigFrom } from './sequences/index.js'
import { createHttpServer, createMetrics } from './server/index.js'
import { createStore, migrateStore } from './store/index.js'
import { createSecretBox, systemClock } from './util/index.js'

export type { LeadRelay, LeadRelayDeps } from './lead-relay.js'

/** The composition root: the only module that knows every folder. It calls each folder's builder, in order. */
export async function createLeadRelay(config: Config, deps: LeadRelayDeps): Promise<LeadRelay> {
  const { logger, clock = systemClock } = deps
  const businessTime = businessTimeFor(config)
  const store = await createStore({ ...config.database, personalData: config.security, businessTime })
  const metrics = createMetrics()
  const box = createSecretBox(config.security.secretKey)
  const onVersionRejected = (version: string) => pipeline.versionRejected(version)
  const linkedin = createLinkedInAccess(config.linkedin, { store, clock, box, onVersionRejected })
  const channels = createChannels(config, {
    logger,
    onLookupFailed: (channel) => metrics.crmLookupFailures.inc({ channel }),
    linkedinTokens: linkedin.tokens,
  })
  const sequences = createSequences(sequencesConfigFrom(config), { store, clock, logger, key: () => pipeline.ackKey() })
  const pipeline = createPipeline(config, { store, clock, logger, linkedin, channels, sequences })
  const outcomes = createOutcomes(config, { store, clock, logger, channels })
  outcomes.onRecorded((trx, event) => sequences.onOutcome(trx, event.leadId, event.stage))
  const reports = createReports(config, { store, clock })
  const http =
    config.server.role === 'worker'
      ? undefined
      : await createHttpServer(config, {
          ...{ store, metrics, logger, clock, linkedin, pipeline, channels: channels.listed },
          ...{ sequences, outcomes, reports },
        })
  const worker =
    config.server.role === 'web'
      ? undefined
      : createWorker({
          store,
          clock,
          logger,
          handlers: { ...pipeline.handlers, ...sequences.handlers, ...outcomes.handlers },
          ...config.worker,
          onSettled: (job, outcome) => metrics.jobs.inc({ job: job.name, outcome }),
        })

  return {
    store,
    metrics,
    server: http?.app,
    worker,
    tokens: linkedin.tokens,
    outcomes,
    async start() {
      enforceSecretsPolicy(config, (message) => logger.warn(message))
      const applied = await migrateStore(store)
      logger.info({ store: store.settings, migrationsApplied: applied }, 'store ready')
      await pipeline.start()
      await outcomes.start()
      const url = await http?.listen()
      worker?.start()
      if (worker) sequences.start()
      return { url }
    },
    async stop() {
      await http?.app.close()
      await sequences.close()
      await worker?.stop()
      channels.close()
      await store.close()
    },
  }
}
