import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createSimulator, currentVersion } from '../../src/simulator/index.js'
import { systemClock } from '../../src/util/clock.js'
import { silentLogger } from '../../src/util/logger.js'
import { startWebhookReceiver } from '../support/fakes/webhook-receiver.js'
import { startRelayChild } from './relay-child.js'

export interface SoakReport {
  readonly minutes: number
  readonly leads: number
  /** Notification POSTs the simulator made (retries included) and how many LeadRelay answered 2xx. */
  readonly notificationsSent: number
  readonly acknowledged: number
  readonly alerted: number
  readonly queueLeft: number
  /** Least-squares slopes over the samples after the first fifth of the run. */
  readonly rssSlopeMiBPerHour: number
  readonly fdSlopePerHour: number
  readonly rssMiB: { readonly first: number; readonly last: number; readonly max: number }
  readonly fds: { readonly first: number; readonly last: number; readonly max: number }
  readonly drainSeconds: number
}

const SECRET = 'soak-client-secret'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function slope(points: readonly [number, number][]): number {
  const n = points.length
  if (n < 2) return 0
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0)
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
  return den === 0 ? 0 : num / den
}

/**
 * `rate` leads a second for `minutes`, sent by the simulator as LinkedIn would, enriched from its API and
 * alerted to a local webhook receiver; RSS and open fds of the LeadRelay child sampled every few seconds.
 */
export async function runSoak(options: {
  minutes: number
  rate?: number
  log?: (line: string) => void
}): Promise<SoakReport> {
  const rate = options.rate ?? 50
  const log = options.log ?? (() => {})
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-soak-'))
  const simulator = createSimulator({ clientId: 'soak-client', clientSecret: SECRET, logger: silentLogger, seed: 9 })
  const simulatorUrl = await simulator.start(0)
  const alertSecret = `whsec_${randomBytes(24).toString('base64')}`
  const receiver = await startWebhookReceiver({ secret: alertSecret })
  const relay = await startRelayChild(dir, {
    LINKEDIN_CLIENT_SECRET: SECRET,
    LINKEDIN_CLIENT_ID: 'soak-client',
    LINKEDIN_API_URL: simulatorUrl,
    LINKEDIN_OAUTH_URL: simulatorUrl,
    LINKEDIN_ACCESS_TOKEN: simulator.accessToken,
    LINKEDIN_VERSION: currentVersion(systemClock),
    ALERT_WEBHOOK_URL: receiver.url,
    ALERT_WEBHOOK_SECRET: alertSecret,
    BACKFILL_DAYS: '0',
    ESCALATE_HOT_MINUTES: '0',
    ESCALATE_WARM_MINUTES: '0',
  })
  const subscribed = await simulator.subscribe(`${relay.url}/webhooks/linkedin`)
  if (subscribed.status !== 201) throw new Error(`subscribing failed: ${subscribed.status} ${subscribed.body}`)
  const started = Date.now()
  const end = started + options.minutes * 60_000
  const samples: { t: number; rss: number; fds: number }[] = []
  const sampleEvery = Math.max(1000, Math.min(10_000, (options.minutes * 60_000) / 60))
  let nextSample = started
  let leads = 0
  let failed = 0
  let notificationsSent = 0
  let acknowledged = 0
  const count = (result: { deliveries: readonly { kind: string; outcome: string }[] }) => {
    for (const d of result.deliveries) {
      if (d.kind !== 'notification') continue
      notificationsSent++
      if (d.outcome === 'delivered') acknowledged++
    }
  }
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) * rate) / 1000)
    for (; leads < due; leads++)
      void simulator
        .submitLead()
        .then(count)
        .catch(() => failed++)
    if (Date.now() >= nextSample) {
      nextSample += sampleEvery
      const sample = { t: (Date.now() - started) / 3_600_000, rss: relay.rss() / 2 ** 20, fds: relay.fds() }
      samples.push(sample)
      if (samples.length % 6 === 0)
        log(
          `${((Date.now() - started) / 60_000).toFixed(1)} min: ${leads} leads, RSS ${sample.rss.toFixed(1)} MiB, ${sample.fds} fds`,
        )
    }
    await sleep(20)
  }
  const drainStarted = Date.now()
  const queueLeft = () => {
    const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
    try {
      const sql = `SELECT count(*) AS n FROM jobs WHERE state IN ('pending', 'running')
        AND name NOT IN ('reconcile-all', 'health-check', 'crm-poll')`
      return (db.prepare(sql).get() as { n: number }).n
    } finally {
      db.close()
    }
  }
  while (Date.now() - drainStarted < 300_000 && (receiver.deliveries.length < leads - failed || queueLeft() > 0))
    await sleep(500)
  const drainSeconds = (Date.now() - drainStarted) / 1000
  const left = queueLeft()
  await relay.stop()
  await receiver.close()
  await simulator.stop()
  rmSync(dir, { recursive: true, force: true })
  const steady = samples.slice(Math.floor(samples.length / 5))
  const stats = (values: number[]) => ({ first: values[0] ?? 0, last: values.at(-1) ?? 0, max: Math.max(...values) })
  return {
    minutes: options.minutes,
    leads: leads - failed,
    notificationsSent,
    acknowledged,
    alerted: receiver.deliveries.length,
    queueLeft: left,
    rssSlopeMiBPerHour: slope(steady.map((s) => [s.t, s.rss])),
    fdSlopePerHour: slope(steady.map((s) => [s.t, s.fds])),
    rssMiB: stats(samples.map((s) => Math.round(s.rss * 10) / 10)),
    fds: stats(samples.map((s) => s.fds)),
    drainSeconds,
  }
}
