import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { createChannels } from '../../src/channels/index.js'
import { type Config, loadConfig } from '../../src/config/index.js'
import { createLinkedInAccess } from '../../src/linkedin/index.js'
import { createOutcomes } from '../../src/outcomes/index.js'
import { createPipeline } from '../../src/pipeline/index.js'
import { createReports } from '../../src/reports/index.js'
import { createSequences, sequencesConfigFrom } from '../../src/sequences/index.js'
import { createHttpServer, createMetrics, type Metrics } from '../../src/server/index.js'
import { createStore, type EventRow, type Inbox, type JobRow, migrateStore, type Store } from '../../src/store/index.js'
import { createLogger, createManualClock, createSecretBox } from '../../src/util/index.js'
import { PREVIOUS_SECRET, TEST_SECRET } from './linkedin.js'

export const TEST_API_TOKEN = 'test-api-token-0123456789-0123456789'

export interface TestServer {
  readonly app: FastifyInstance
  readonly store: Store
  readonly metrics: Metrics
  readonly config: Config
  readonly clock: ReturnType<typeof createManualClock>
  /** Everything the server logged, as text. */
  logs(): string
  close(): Promise<void>
}

/**
 * The real HTTP app over an in-memory SQLite store, a fixed clock and fixed secrets, built by the same
 * builders as production. These route tests never reach LinkedIn: a closed local port stands in for it.
 */
export async function buildTestServer(
  options: {
    env?: Record<string, string>
    /** leadrelay.config.yaml text (team, rules, channels). */
    yaml?: string
    inbox?: (store: Store) => Inbox
    /** Where LinkedIn's REST API is (a local fake); by default a closed port. */
    linkedinUrl?: string
  } = {},
): Promise<TestServer> {
  const loaded = loadConfig({
    env: {
      LINKEDIN_CLIENT_SECRET: TEST_SECRET,
      LINKEDIN_CLIENT_SECRET_PREVIOUS: PREVIOUS_SECRET,
      LEADRELAY_API_TOKEN: TEST_API_TOKEN,
      LOG_LEVEL: 'info',
      LINKEDIN_API_URL: options.linkedinUrl ?? 'http://127.0.0.1:9',
      LINKEDIN_TIMEOUT_MS: '1000',
      ...options.env,
    },
    ...(options.yaml ? { fileText: options.yaml } : {}),
  })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
  const config = loaded.value
  const store = await createStore({ ...config.database, url: 'sqlite::memory:' })
  await migrateStore(store)
  const chunks: string[] = []
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk))
        done()
      },
    }),
  })
  const metrics = createMetrics()
  const clock = createManualClock(Date.UTC(2026, 10, 27, 12))
  const linkedin = createLinkedInAccess(config.linkedin, { store, clock, box: createSecretBox(undefined) })
  const channels = createChannels(config, { logger })
  const pipeline = createPipeline(config, {
    store,
    clock,
    logger,
    linkedin,
    channels,
    ...(options.inbox ? { inbox: options.inbox(store) } : {}),
  })
  const outcomes = createOutcomes(config, { store, clock, logger, channels })
  // As app.ts wires it: an outcome stops the lead's sequence in the transaction that records it.
  const sequences = createSequences(sequencesConfigFrom(config), { store, clock, logger, key: () => pipeline.ackKey() })
  outcomes.onRecorded((trx, event) => sequences.onOutcome(trx, event.leadId, event.stage))
  const { app } = await createHttpServer(config, {
    store,
    metrics,
    logger,
    clock,
    linkedin,
    pipeline,
    channels: channels.listed,
    outcomes,
    reports: createReports(config, { store, clock }),
  })
  return {
    app,
    store,
    metrics,
    config,
    clock,
    logs: () => chunks.join(''),
    async close() {
      await app.close()
      await store.close()
    },
  }
}

export async function countRows(store: Store, table: 'events' | 'jobs'): Promise<number> {
  const row = await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Every stored row of the table, oldest first (route tests in src/ keep SQL out of their own files). */
export async function storedRows(store: Store, table: 'events'): Promise<EventRow[]>
export async function storedRows(store: Store, table: 'jobs'): Promise<JobRow[]>
export async function storedRows(store: Store, table: 'events' | 'jobs'): Promise<EventRow[] | JobRow[]> {
  return table === 'events'
    ? store.db.selectFrom('events').selectAll().orderBy('id').execute()
    : store.db.selectFrom('jobs').selectAll().orderBy('id').execute()
}

/** The first stored row of the table; throws when there is none. */
export async function firstRow(store: Store, table: 'events'): Promise<EventRow>
export async function firstRow(store: Store, table: 'jobs'): Promise<JobRow>
export async function firstRow(store: Store, table: 'events' | 'jobs'): Promise<EventRow | JobRow> {
  const [row] = table === 'events' ? await storedRows(store, 'events') : await storedRows(store, 'jobs')
  if (!row) throw new Error(`no row in ${table}`)
  return row
}
