import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLeadRelay, type LeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import { createSimulator, currentVersion, type Simulator } from '../src/simulator/index.js'
import { leadsRepository } from '../src/store/index.js'
import { createManualClock, type ManualClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { exited, spawnLeadRelay } from './support/child-process.js'

const SECRET = 'e2e-client-secret'
const API_TOKEN = 'e2e-api-token-0123456789-0123456789'
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const HOUR = 3_600_000

let dir: string
let relay: LeadRelay | undefined
let simulator: Simulator
let clock: ManualClock

/** LeadRelay pointed at the simulator for its API and OAuth calls too, as the demo runs it. */
async function startRelay(secret: string, port = '0') {
  const simulatorUrl = simulator.url()
  const config = loadConfig({
    env: {
      DATABASE_URL: `sqlite:${join(dir, 'leadrelay.db')}`,
      HOST: '127.0.0.1',
      PORT: port,
      LINKEDIN_CLIENT_SECRET: secret,
      LEADRELAY_API_TOKEN: API_TOKEN,
      ...(simulatorUrl
        ? {
            LINKEDIN_API_URL: simulatorUrl,
            LINKEDIN_OAUTH_URL: simulatorUrl,
            LINKEDIN_VERSION: currentVersion(clock),
            LINKEDIN_ACCESS_TOKEN: simulator.accessToken,
            LEADRELAY_SECRET_KEY: 'e2e-secret-key-0123456789',
          }
        : {}),
      WORKER_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'silent',
    },
  })
  if (!config.ok) throw new Error(JSON.stringify(config.error))
  relay = await createLeadRelay(config.value, { logger: silentLogger })
  const { url } = await relay.start()
  return url as string
}

async function subscribe(simulatorUrl: string, webhook: string) {
  return fetch(`${simulatorUrl}/rest/leadNotifications`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${simulator.accessToken}`,
      'linkedin-version': currentVersion(clock),
      'x-restli-protocol-version': '2.0.0',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ webhook, owner: { sponsoredAccount: ACCOUNT }, leadType: 'SPONSORED' }),
  })
}

interface ControlAnswer {
  readonly id: string
  readonly leadGenFormResponse: string
  readonly deliveries: readonly { readonly outcome: string; readonly status?: number }[]
  readonly passed?: boolean
  readonly status?: string
}

async function control(
  simulatorUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: ControlAnswer }> {
  const response = await fetch(`${simulatorUrl}${path}`, {
    method,
    ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  })
  return { status: response.status, body: (await response.json()) as ControlAnswer }
}

async function storedEvents(relayUrl: string): Promise<{ leadGenFormResponse: string; leadAction: string }[]> {
  const response = await fetch(`${relayUrl}/api/events?limit=500`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  })
  return ((await response.json()) as { events: { leadGenFormResponse: string; leadAction: string }[] }).events
}

/** Polls until the predicate holds, up to a bound; no fixed sleeps. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (ok(value) || Date.now() > until) return value
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'leadrelay-simulator-e2e-'))
  clock = createManualClock(Date.now())
  simulator = createSimulator({
    seed: 5,
    clientId: 'e2e-client',
    clientSecret: SECRET,
    logger: silentLogger,
    clock,
    tickIntervalMs: 0,
  })
})

afterEach(async () => {
  await simulator.stop()
  await relay?.stop()
  relay = undefined
  rmSync(dir, { recursive: true, force: true })
})

describe('LeadRelay against the LinkedIn simulator', () => {
  it('subscribe → challenge passes → submitted lead → event stored; a withdrawal is stored as DELETED', async () => {
    const simulatorUrl = await simulator.start(0)
    const relayUrl = await startRelay(SECRET)
    const webhook = `${relayUrl}/webhooks/linkedin`

    const subscribed = await subscribe(simulatorUrl, webhook)
    expect(subscribed.status).toBe(201)
    expect(subscribed.headers.get('x-restli-id')).toMatch(/^\d+$/)
    expect(simulator.sender.webhook(webhook)?.status).toBe('ACTIVE')

    const submitted = await control(simulatorUrl, 'POST', '/simulator/leads', { formId: 7234246 })
    expect(submitted.status).toBe(201)
    expect(submitted.body.deliveries).toMatchObject([{ outcome: 'delivered', status: 200 }])
    const urn = submitted.body.leadGenFormResponse as string

    const created = await eventually(
      () => storedEvents(relayUrl),
      (events) => events.some((e) => e.leadGenFormResponse === urn),
    )
    expect(created).toContainEqual(
      expect.objectContaining({ leadGenFormResponse: urn, leadAction: 'CREATED', leadType: 'SPONSORED' }),
    )

    const deleted = await control(simulatorUrl, 'DELETE', `/simulator/leads/${submitted.body.id}`)
    expect(deleted.body.deliveries).toMatchObject([{ outcome: 'delivered', status: 200 }])
    const after = await eventually(
      () => storedEvents(relayUrl),
      (events) => events.some((e) => e.leadGenFormResponse === urn && e.leadAction === 'DELETED'),
    )
    expect(
      after
        .filter((e) => e.leadGenFormResponse === urn)
        .map((e) => e.leadAction)
        .sort(),
    ).toEqual(['CREATED', 'DELETED'])
  })

  it("LeadRelay enriches the stored event from the simulator's Lead Sync API (form version, answers by questionId)", async () => {
    const simulatorUrl = await simulator.start(0)
    const relayUrl = await startRelay(SECRET)
    expect((await subscribe(simulatorUrl, `${relayUrl}/webhooks/linkedin`)).status).toBe(201)
    const submitted = await control(simulatorUrl, 'POST', '/simulator/leads', {
      formId: 7234246,
      answers: { FIRST_NAME: 'Ada', WORK_EMAIL: 'ada@example.com', JOB_TITLE: 'VP Engineering' },
    })
    const lead = await eventually(
      () => leadsRepository.getLead((relay as LeadRelay).store.db, submitted.body.id),
      (row) => row?.status === 'enriched',
    )
    expect(lead?.status).toBe('enriched')
    expect(JSON.parse(lead?.fields ?? '{}')).toMatchObject({
      firstName: 'Ada',
      workEmail: 'ada@example.com',
      jobTitle: 'VP Engineering',
    })
  })

  it('a deliberate duplicate is acknowledged and stored once', async () => {
    const simulatorUrl = await simulator.start(0)
    const relayUrl = await startRelay(SECRET)
    expect((await subscribe(simulatorUrl, `${relayUrl}/webhooks/linkedin`)).status).toBe(201)
    const submitted = await control(simulatorUrl, 'POST', '/simulator/leads', { formId: 7234246, duplicates: 1 })
    expect(submitted.body.deliveries.map((d) => d.status)).toEqual([200, 200])
    const events = await storedEvents(relayUrl)
    expect(events.filter((e) => e.leadGenFormResponse === submitted.body.leadGenFormResponse)).toHaveLength(1)
  })

  it('a LeadRelay answering challenges with the wrong secret is refused, then BLOCKED after three re-validations', async () => {
    const simulatorUrl = await simulator.start(0)
    const wrongUrl = await startRelay('not-the-client-secret')
    const refused = await subscribe(simulatorUrl, `${wrongUrl}/webhooks/linkedin`)
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { message: string }).message).toBe(
      'This URL did not pass the security challenge check',
    )
    await relay?.stop()

    // Subscribed while right; restarted on the same port with a wrong secret (a botched rotation).
    const rightUrl = await startRelay(SECRET)
    const webhook = `${rightUrl}/webhooks/linkedin`
    expect((await subscribe(simulatorUrl, webhook)).status).toBe(201)
    const port = new URL(rightUrl).port
    await relay?.stop()
    await startRelay('rotated-by-mistake', port)

    for (let i = 0; i < 3; i++) {
      clock.advance(2 * HOUR)
      await control(simulatorUrl, 'POST', '/simulator/tick')
    }
    expect(simulator.sender.webhook(webhook)).toMatchObject({ status: 'BLOCKED', consecutiveFailures: 3 })
    const blocked = await control(simulatorUrl, 'POST', '/simulator/leads', { formId: 7234246 })
    expect(blocked.body.deliveries).toMatchObject([{ outcome: 'skipped-blocked' }])
    expect(await storedEvents(rightUrl)).toEqual([])

    await relay?.stop()
    await startRelay(SECRET, port)
    const revalidated = await control(simulatorUrl, 'POST', '/simulator/webhooks/revalidate', { webhook })
    expect(revalidated.body).toMatchObject({ passed: true, status: 'ACTIVE' })
    const delivered = await control(simulatorUrl, 'POST', '/simulator/leads', { formId: 7234246 })
    expect(delivered.body.deliveries).toMatchObject([{ outcome: 'delivered', status: 200 }])
  })
})

/** Collects a child's stdout and resolves once it holds `lines` lines (bounded wait). */
async function firstLines(child: ChildProcess, lines: number, timeoutMs = 20_000): Promise<string[]> {
  let text = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  const until = Date.now() + timeoutMs
  while (text.split('\n').length <= lines && Date.now() < until && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return text.split('\n').slice(0, lines)
}

describe('leadrelay simulate and leadrelay demo', () => {
  it('simulate prints one listening line, the client id and a token, then subscribes --webhook', async () => {
    const url = await startRelay(SECRET)
    const child = spawnLeadRelay(
      ['simulate', '--port', '0', '--client-id', 'cli-client', '--webhook', `${url}/webhooks/linkedin`],
      { LINKEDIN_CLIENT_SECRET: SECRET, LOG_LEVEL: 'silent' },
    )
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    try {
      const [listening, clientId, token, subscribed] = await firstLines(child, 4)
      expect(listening, stderr).toMatch(/^LinkedIn simulator listening on http:\/\/127\.0\.0\.1:\d+$/)
      expect(clientId).toBe('client id: cli-client')
      expect(token).toMatch(/^access token: \S{100,}$/)
      expect(subscribed).toMatch(/^subscribed .*: challenge passed, subscriptions \d+/)
    } finally {
      child.kill('SIGINT')
      await exited(child)
    }
    expect(child.exitCode).toBe(0)
  })

  it('demo wires LeadRelay and the simulator, prints leads as LeadRelay records them, and stops cleanly', async () => {
    const child = spawnLeadRelay(['demo', '--interval', '200ms', '--count', '2', '--port', '0', '--quiet-sinks'], {})
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8')
    })
    await exited(child)
    const lines = output.split('\n')
    expect(child.exitCode).toBe(0)
    expect(lines[0]).toMatch(/^LeadRelay listening on http:\/\/127\.0\.0\.1:\d+/)
    expect(lines[1]).toMatch(/^LinkedIn simulator listening on http:\/\/127\.0\.0\.1:\d+/)
    expect(lines[2]).toMatch(/challenge passed, subscription \d+, webhook ACTIVE$/)
    expect(lines[4]).toMatch(/^ {2}Dashboard: http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(lines[5]).toMatch(/^ {2}Sign in as admin@example\.com \(admin\).*password: \S+$/)
    expect(lines.find((line) => / event #\d+ /.test(line))).toMatch(
      /event #\d+ CREATED SPONSORED urn:li:leadGenFormResponse:/,
    )
    expect(lines.filter((line) => / event #\d+ /.test(line))).toHaveLength(2)
    expect(lines).toContain('stopped; the demo data folder is removed')
  })
})
