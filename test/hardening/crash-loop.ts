import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { signNotification } from '../../src/linkedin/signature.js'
import { createSimulator, currentVersion, notificationFor } from '../../src/simulator/index.js'
import { createRandom } from '../../src/simulator/random.js'
import { systemClock } from '../../src/util/clock.js'
import { silentLogger } from '../../src/util/logger.js'
import { exited, freePort, REPO_ROOT } from '../support/child-process.js'
import { startFakeHubSpot } from '../support/fakes/fake-hubspot.js'
import { startWebhookReceiver } from '../support/fakes/webhook-receiver.js'
import { startRelayChild } from './relay-child.js'

export interface CrashLoopReport {
  readonly kills: number
  readonly sent: number
  readonly acknowledged: number
  /** Acknowledged notifications not on disk after a kill (checked after every kill). */
  readonly acknowledgedMissing: number
  readonly leads: number
  readonly leadsMissing: number
  /** Leads with more than one alert (distinct webhook-ids). */
  readonly duplicateAlerts: number
  readonly alertRedeliveries: number
  readonly duplicateCrmContacts: number
  readonly duplicateCrmTasks: number
  readonly crmTasks: number
  /** When tasks and delivered leads differ: the task refs made twice and the HubSpot deliveries not delivered. */
  readonly crmTaskDetail: string
  readonly queueLeft: number
  readonly seconds: number
}

const SECRET = 'crash-loop-client-secret'
const MAX_IN_FLIGHT = 200
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * `kills` × kill -9 of a real LeadRelay child at random moments while signed notifications arrive at
 * `rate` a second (loopback, bounded), restarting each time; unacknowledged notifications are resent as
 * LinkedIn would. At the end the queue drains and every effect is counted.
 */
export async function runCrashLoop(options: {
  kills: number
  /** Run the compiled CLI (bin/leadrelay.js, after `npm run build`): restarts take a fraction of tsx's. */
  compiled?: boolean
  rate?: number
  seed?: number
  log?: (line: string) => void
}): Promise<CrashLoopReport> {
  const started = Date.now()
  const rate = options.rate ?? 500
  const random = createRandom(options.seed ?? 11)
  const log = options.log ?? (() => {})
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-crash-'))
  const simulator = createSimulator({ clientId: 'crash-client', clientSecret: SECRET, logger: silentLogger, seed: 3 })
  const simulatorUrl = await simulator.start(0)
  const alertSecret = `whsec_${randomBytes(24).toString('base64')}`
  const receiver = await startWebhookReceiver({ secret: alertSecret })
  const hubspot = await startFakeHubSpot({
    accessToken: 'pat-crash',
    customContactProperties: ['leadrelay_task_ref'],
    rateLimit: { max: 1_000_000, intervalMs: 1000 },
  })
  writeFileSync(
    join(dir, 'leadrelay.config.yaml'),
    `team:
  members:
    - { id: ann, name: Ann West, email: ann@example.com, timeZone: America/Los_Angeles }
  fallbackOwner: ann
routing:
  rules:
    - { name: Everyone, assign: { owner: ann }, respectWorkingHours: false }
channels:
  - { type: hubspot, name: hubspot, accessToken: pat-crash, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001" } }
`,
  )
  const port = await freePort()
  const env = {
    LEADRELAY_CONFIG: join(dir, 'leadrelay.config.yaml'),
    LINKEDIN_CLIENT_SECRET: SECRET,
    LINKEDIN_CLIENT_ID: 'crash-client',
    LINKEDIN_API_URL: simulatorUrl,
    LINKEDIN_OAUTH_URL: simulatorUrl,
    LINKEDIN_ACCESS_TOKEN: simulator.accessToken,
    LINKEDIN_VERSION: currentVersion(systemClock),
    ALERT_WEBHOOK_URL: receiver.url,
    ALERT_WEBHOOK_SECRET: alertSecret,
    ESCALATE_HOT_MINUTES: '0',
    ESCALATE_WARM_MINUTES: '0',
    BACKFILL_DAYS: '0',
    // Jobs a killed worker held come back when their lease ends; a live worker renews its leases, so a
    // HubSpot call slower than the lease is not run twice.
    WORKER_LEASE_MS: '10000',
    WORKER_POLL_INTERVAL_MS: '100',
  }
  const url = `http://127.0.0.1:${port}/webhooks/linkedin`
  /** urn → body, until acknowledged. */
  const unacknowledged = new Map<string, string>()
  const acknowledged = new Set<string>()
  const leadIds = new Set<string>()
  let sent = 0
  let acknowledgedMissing = 0
  let running = true
  let producing = true
  let up = true
  const command = options.compiled
    ? (args: string[], childEnv: Record<string, string>) =>
        spawn(process.execPath, ['bin/leadrelay.js', ...args], {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH ?? '', ...childEnv },
          stdio: ['ignore', 'pipe', 'pipe'],
        })
    : undefined
  const start = () => startRelayChild(dir, env, { port, ...(command ? { command } : {}) })
  let relay = await start()

  const send = async (urn: string, body: string) => {
    sent++
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-li-signature': signNotification(body, SECRET) },
        signal: AbortSignal.timeout(5000),
      })
      await res.arrayBuffer()
      if (res.status === 200) {
        acknowledged.add(urn)
        unacknowledged.delete(urn)
      }
    } catch {
      // died with the process: LinkedIn resends it, and so do we
    }
  }
  const inFlight = new Set<string>()
  const lastTry = new Map<string, number>()
  /** Steady `rate` a second: resends first (as LinkedIn's retries), then new leads while LeadRelay is up. */
  const generator = (async () => {
    const tick = 10
    let due = 0
    let last = Date.now()
    while (running) {
      await sleep(tick)
      const now = Date.now()
      // Never more than two ticks owed: a stalled loop must not turn into a burst.
      due = Math.min(due + ((now - last) * rate) / 1000, (2 * tick * rate) / 1000)
      last = now
      for (; due >= 1 && inFlight.size < MAX_IN_FLIGHT; due--) {
        const retry = nextResend(now)
        if (retry) {
          void track(retry[0], retry[1], now)
          continue
        }
        if (!producing || !up) break
        const { lead } = await simulator.submitLead({ withhold: true })
        const body = JSON.stringify(notificationFor(lead, 'CREATED', Date.now()))
        const urn = `urn:li:leadGenFormResponse:${lead.id}`
        leadIds.add(lead.id)
        unacknowledged.set(urn, body)
        void track(urn, body, now)
      }
    }
  })()
  function nextResend(now: number): [string, string] | undefined {
    for (const entry of unacknowledged) {
      if (!inFlight.has(entry[0]) && (lastTry.get(entry[0]) ?? 0) < now - 1000) return entry
    }
    return undefined
  }
  async function track(urn: string, body: string, now: number) {
    inFlight.add(urn)
    lastTry.set(urn, now)
    try {
      await send(urn, body)
    } finally {
      inFlight.delete(urn)
    }
  }

  const storedUrns = () => {
    const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
    try {
      return new Set(
        db
          .prepare<[], { r: string }>('SELECT lead_gen_form_response AS r FROM events')
          .all()
          .map((row) => row.r),
      )
    } finally {
      db.close()
    }
  }

  for (let kill = 1; kill <= options.kills; kill++) {
    await sleep(random.int(200, 1200))
    const ackedBefore = new Set(acknowledged)
    relay.child.kill('SIGKILL')
    up = false
    await exited(relay.child)
    const stored = storedUrns()
    const missing = [...ackedBefore].filter((urn) => !stored.has(urn)).length
    acknowledgedMissing += missing
    log(`kill ${kill}: ${acknowledged.size} acknowledged, ${stored.size} stored, ${missing} acknowledged missing`)
    relay = await start()
    up = true
    log(`restarted after kill ${kill}`)
  }
  log('draining')
  producing = false

  // Let the generator's resends land, then stop sending and wait until every lead has had its effects.
  const deadline = Date.now() + 600_000
  while (unacknowledged.size > 0 && Date.now() < deadline) await sleep(100)
  log(`all ${acknowledged.size} acknowledged`)
  running = false
  await generator
  while (inFlight.size > 0) await sleep(20)
  const queueLeft = () => {
    const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
    try {
      // Recurring schedules (reconciliation, health checks, CRM read-back) always wait for their next slot: not work left.
      const sql = `SELECT count(*) AS n FROM jobs WHERE state IN ('pending', 'running')
        AND name NOT IN ('reconcile-all', 'health-check', 'crm-poll')`
      return (db.prepare(sql).get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  const countLeads = () => {
    const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
    try {
      return (db.prepare('SELECT count(*) AS n FROM leads').get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  let lastLog = 0
  while (Date.now() < deadline && (countLeads() < leadIds.size || queueLeft() > 0)) {
    await sleep(250)
    if (Date.now() - lastLog > 5000) {
      lastLog = Date.now()
      log(`draining: ${countLeads()} of ${leadIds.size} leads, ${queueLeft()} jobs left`)
    }
  }
  await sleep(500)
  const left = queueLeft()
  await relay.stop()

  const alertsPerLead = new Map<string, Set<string>>()
  for (const d of receiver.attempts) {
    const leadId = (d.payload as { data?: { leadId?: string } }).data?.leadId ?? ''
    const ids = alertsPerLead.get(leadId) ?? new Set<string>()
    ids.add(d.id)
    alertsPerLead.set(leadId, ids)
  }
  const contactsByEmail = new Map<string, number>()
  for (const c of hubspot.liveContacts()) {
    const email = String((c as unknown as { properties: Record<string, string> }).properties.email)
    contactsByEmail.set(email, (contactsByEmail.get(email) ?? 0) + 1)
  }
  const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
  const hubspotDelivered = db
    .prepare<[], { id: number }>("SELECT id FROM deliveries WHERE channel = 'hubspot' AND state = 'delivered'")
    .all()
  const notDelivered = db
    .prepare<[], { id: number; state: string; attempts: number; last_error: string | null }>(
      "SELECT id, state, attempts, last_error FROM deliveries WHERE channel = 'hubspot' AND state <> 'delivered'",
    )
    .all()
  db.close()
  const tasksByRef = new Map<string, string[]>()
  for (const task of hubspot.tasks.values()) {
    const ref = /LeadRelay ref: (.*)$/.exec(String(task.properties.hs_task_body ?? ''))?.[1] ?? '(none)'
    tasksByRef.set(ref, [...(tasksByRef.get(ref) ?? []), task.id])
  }
  const twice = [...tasksByRef].filter(([, ids]) => ids.length > 1)
  const crmTaskDetail = [
    ...twice.map(([ref, ids]) => `ref ${ref} made tasks ${ids.join(', ')}`),
    ...notDelivered.map((d) => `delivery ${d.id} ${d.state} after ${d.attempts} attempts: ${d.last_error ?? ''}`),
  ].join('; ')
  const report: CrashLoopReport = {
    kills: options.kills,
    sent,
    acknowledged: acknowledged.size,
    acknowledgedMissing,
    leads: countLeads(),
    leadsMissing: leadIds.size - countLeads(),
    duplicateAlerts: [...alertsPerLead.values()].filter((ids) => ids.size > 1).length,
    alertRedeliveries: receiver.attempts.length - receiver.deliveries.length,
    duplicateCrmContacts: [...contactsByEmail.values()].filter((n) => n > 1).length,
    duplicateCrmTasks: hubspot.tasks.size - hubspotDelivered.length,
    crmTasks: hubspot.tasks.size,
    crmTaskDetail,
    queueLeft: left,
    seconds: (Date.now() - started) / 1000,
  }
  await receiver.close()
  await hubspot.close()
  await simulator.stop()
  rmSync(dir, { recursive: true, force: true })
  return report
}

export function formatCrashLoopReport(r: CrashLoopReport): string {
  return [
    `${r.kills} kill -9 in ${r.seconds.toFixed(0)} s; ${r.sent} notifications sent (resends included), ${r.acknowledged} acknowledged`,
    `acknowledged missing after a kill: ${r.acknowledgedMissing}`,
    `leads ${r.leads} (missing ${r.leadsMissing}); leads with two alerts: ${r.duplicateAlerts} (same-id redeliveries ${r.alertRedeliveries})`,
    `HubSpot tasks ${r.crmTasks}; duplicate contacts ${r.duplicateCrmContacts}; tasks beyond one per delivered lead ${r.duplicateCrmTasks}${r.crmTaskDetail ? ` (${r.crmTaskDetail})` : ''}`,
    `jobs pending or running at the end: ${r.queueLeft}`,
  ].join('\n')
}
