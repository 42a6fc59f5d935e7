import type { FastifyInstance } from 'fastify'
import type { Worker } from './jobs/index.js'
import type { TokenManager } from './linkedin/index.js'
import type { Outcomes } from './outcomes/index.js'
import type { Metrics } from './server/index.js'
import type { Store } from './store/index.js'
import type { Clock, Logger } from './util/index.js'

/** What the composition root (app.ts) hands to the CLI, the tests and the bench. */
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
  /** `outcomes.onRecorded(hook)` runs a hook in the transaction that records each outcome. */
  readonly outcomes: Outcomes
  /** Migrates, then listens (web role) and starts the worker (worker role); returns the URL served. */
  start(): Promise<{ readonly url: string | undefined }>
  stop(): Promise<void>
}
