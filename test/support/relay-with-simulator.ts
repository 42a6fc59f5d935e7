import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLeadRelay, type LeadRelay } from '../../src/app.js'
import { loadConfig } from '../../src/config/index.js'
import { createSimulator, currentVersion, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js'
import { type Clock, systemClock } from '../../src/util/clock.js'
import { type Logger, silentLogger } from '../../src/util/logger.js'

export const CLIENT_ID = 'e2e-client-id'
export const CLIENT_SECRET = 'e2e-client-secret'
export const API_TOKEN = 'e2e-api-token-0123456789-0123456789'

export interface World {
  readonly relay: LeadRelay
  readonly simulator: Simulator
  readonly relayUrl: string
  readonly simulatorUrl: string
  /** The SQLite database LeadRelay uses, for CLI tests. */
  readonly databaseUrl: string
  /** GET on LeadRelay's API with the token. */
  api<T = unknown>(path: string): Promise<{ status: number; body: T }>
  close(): Promise<void>
}

/**
 * The real LeadRelay (SQLite in a temporary folder, real sockets) wired to the LinkedIn simulator for
 * the webhook, the Lead Sync API and OAuth. The connection holds tokens the simulator's OAuth issued,
 * so refreshing works as it does against LinkedIn.
 */
export async function startWorld(
  options: {
    env?: Record<string, string>
    /** The YAML config; a function when it needs something the simulator made (a conversion rule). */
    yaml?: string | ((simulator: Simulator) => string)
    clock?: Clock
    connected?: boolean
    logger?: Logger
    /** Sees every REST call LeadRelay makes to the simulator (to prove a page made none). */
    onRestCall?: SimulatorOptions['onRestCall']
  } = {},
): Promise<World> {
  const env = options.env ?? {}
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-world-'))
  const simulator = createSimulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    logger: silentLogger,
    seed: 7,
    ...(options.onRestCall ? { onRestCall: options.onRestCall } : {}),
  })
  const simulatorUrl = await simulator.start(0)
  const config = loadConfig({
    env: {
      DATABASE_URL: `sqlite:${join(dir, 'leadrelay.db')}`,
      HOST: '127.0.0.1',
      PORT: '0',
      LINKEDIN_CLIENT_ID: CLIENT_ID,
      LINKEDIN_CLIENT_SECRET: CLIENT_SECRET,
      LINKEDIN_API_URL: simulatorUrl,
      LINKEDIN_OAUTH_URL: simulatorUrl,
      LINKEDIN_VERSION: currentVersion(systemClock),
      LEADRELAY_API_TOKEN: API_TOKEN,
      LEADRELAY_SECRET_KEY: 'e2e-secret-key-0123456789',
      WORKER_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'silent',
      ...env,
    },
    ...(options.yaml ? { fileText: typeof options.yaml === 'function' ? options.yaml(simulator) : options.yaml } : {}),
  })
  if (!config.ok) throw new Error(JSON.stringify(config.error))
  const relay = await createLeadRelay(config.value, {
    logger: options.logger ?? silentLogger,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  const { url } = await relay.start()
  const relayUrl = url as string
  if (options.connected !== false) await relay.tokens.store({ ...simulator.tokens.grant() }, 'cli')
  for (const account of simulator.owners.sponsoredAccounts) {
    const subscribed = await simulator.subscribe(
      `${relayUrl}/webhooks/linkedin`,
      { sponsoredAccount: account.urn },
      'SPONSORED',
    )
    if (subscribed.status !== 201) throw new Error(`subscription failed: ${subscribed.status} ${subscribed.body}`)
  }
  return {
    relay,
    simulator,
    relayUrl,
    simulatorUrl,
    databaseUrl: `sqlite:${join(dir, 'leadrelay.db')}`,
    async api<T>(path: string) {
      const response = await fetch(`${relayUrl}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
      return { status: response.status, body: (await response.json()) as T }
    },
    async close() {
      await relay.stop()
      await simulator.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The seeded form with this name. */
export function formNamed(simulator: Simulator, name: string): number {
  for (const [id, form] of simulator.forms) if (form.versions.at(-1)?.name === name) return id
  throw new Error(`no seeded form named ${name}`)
}
