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
  /** Slopes of the lows ({@link troughSlope}) over the samples after the first fifth of the run. */
  readonly rssSlopeMiBPerHour: number
  readonly fdSlopePerHour: number
  readonly rssMiB: { readonly first: number; readonly last: number; readonly max: number }
  readonly fds: { readonly first: number; readonly last: number; readonly max: number }
  readonly drainSeconds: number
}

const SECRET = 'soak-client-secret'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The trend of the troughs: the lowest sample of each of `windows` equal stretches, and the median of the
 * slopes between those lows (Theil–Sen). RSS between collections is a sawtooth, and a line fitted through
 * all samples tilts with wherever the run happens to end (one build measured −302 and +688 MiB/h); what a
 * collection cannot free shows as rising lows.
 */
export function troughSlope(points: readonly (readonly [number, number])[], windows = 6): number {
  const size = Math.floor(points.length / windows)
  if (size < 1) return 0
  const lows: (readonly [number, number])[] = []
  for (let w = 0; w < windows; w++) {
    const stretch = points.slice(w * size, (w + 1) * size)
    lows.push(stretch.reduce((low, p) => (p[1] < low[1] ? p : low)))
  }
  const slopes: number[] = []
  for (let i = 0; i < lows.length; i++) {
    for (let j = i + 1; j < lows.length; j++) {
      const [xi, yi] = lows[i] as readonly [number, number]
      const [xj, yj] = lows[j] as readonly [number, number]
      if (xj !== xi) slopes.push((yj - yi) / (xj - xi))
    }
  }
  if (slopes.length === 0) return 0
  slopes.sort((a, b) => a - b)
  const mid = slopes.length >> 1
  return slopes.length % 2 ? (slopes[mid] as number) : ((slopes[mid - 1] as number) + (slopes[mid] as number)) / 2
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
    rssSlopeMiBPerHour: troughSlope(steady.map((s) => [s.t, s.rss])),
    fdSlopePerHour: troughSlope(steady.map((s) => [s.t, s.fds])),
    rssMiB: stats(samples.map((s) => Math.round(s.rss * 10) / 10)),
    fds: stats(samples.map((s) => s.fds)),
    drainSeconds,
  }
}
