import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { type Config, loadConfig } from '../../src/config/index.js'
import {
  createOwnersClient,
  createRestTransport,
  createSubscriptionsClient,
  createTokenManager,
} from '../../src/linkedin/index.js'
import { createReceiveNotification, createTokenPersistence } from '../../src/pipeline/index.js'
import { buildServer } from '../../src/server/build-server.js'
import { createMetrics, type Metrics } from '../../src/server/metrics.js'
import { createStore, type Inbox, migrateStore, type Store } from '../../src/store/index.js'
import { createManualClock } from '../../src/util/clock.js'
import { createLogger } from '../../src/util/logger.js'
import { createSecretBox } from '../../src/util/secret-box.js'
import { createWeb, type Web } from '../../src/web/index.js'
import { PREVIOUS_SECRET, TEST_SECRET } from './linkedin.js'

export const TEST_API_TOKEN = 'test-api-token-0123456789'

/** These route tests never reach LinkedIn: a closed local port stands in for it. */
const unreachableLinkedIn = createRestTransport({
  baseUrl: 'http://127.0.0.1:9',
  version: '202610',
  timeoutMs: 1000,
  accessToken: async () => 'none',
  refreshAccessToken: async () => 'none',
})

export interface TestServer {
  readonly app: FastifyInstance
  readonly store: Store
  readonly metrics: Metrics
  readonly config: Config
  readonly clock: ReturnType<typeof createManualClock>
  readonly web: Web
  /** Everything the server logged, as text. */
  logs(): string
  close(): Promise<void>
}

/** The real HTTP app over an in-memory SQLite store, a fixed clock and fixed secrets. */
export async function buildTestServer(
  options: { env?: Record<string, string>; yaml?: string; inbox?: (store: Store) => Inbox } = {},
): Promise<TestServer> {
  const loaded = loadConfig({
    env: {
      LINKEDIN_CLIENT_SECRET: TEST_SECRET,
      LINKEDIN_CLIENT_SECRET_PREVIOUS: PREVIOUS_SECRET,
      LEADRELAY_API_TOKEN: TEST_API_TOKEN,
      LOG_LEVEL: 'info',
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
  const secrets = config.linkedin.clientSecret
    ? { current: config.linkedin.clientSecret, previous: config.linkedin.clientSecretPrevious }
    : undefined
  const clock = createManualClock(Date.UTC(2026, 10, 27, 12))
  const receive = createReceiveNotification({
    secrets,
    inbox: options.inbox ? options.inbox(store) : store.inbox,
    clock,
  })
  const tokens = createTokenManager({
    persistence: createTokenPersistence(store),
    oauth: undefined,
    box: createSecretBox(undefined),
    clock,
  })
  const web = createWeb(config, {
    store,
    clock,
    logger,
    tokens,
    baseUrl: 'http://localhost:8080',
    alerts: {
      team: config.team,
      scoring: config.scoring,
      routing: config.routing,
      channels: config.channels.map((c) => ({ name: c.name, sendTestLeads: c.sendTestLeads })),
      escalationMinutes: {
        hot: config.escalation.hotMinutes,
        warm: config.escalation.warmMinutes,
        cold: config.escalation.coldMinutes,
      },
    },
  })
  await web.start()
  const app = await buildServer({
    config,
    store,
    receive,
    metrics,
    logger,
    clock,
    tokens,
    oauth: undefined,
    subscriptions: createSubscriptionsClient(unreachableLinkedIn),
    owners: createOwnersClient(unreachableLinkedIn),
    ackKey: async () => Buffer.alloc(32, 1),
    memberForSlackUser: () => undefined,
    web: web.routeDeps,
  })
  return {
    app,
    store,
    metrics,
    config,
    clock,
    web,
    logs: () => chunks.join(''),
    async close() {
      web.close()
      await app.close()
      await store.close()
    },
  }
}

export async function countRows(store: Store, table: 'events' | 'jobs'): Promise<number> {
  const row = await store.db.selectFrom(table).select(store.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
