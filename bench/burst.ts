// Phase D of `npm run bench`: a burst of notifications in one second (a webinar ends, an ad takes off), with
// LinkedIn answering every REST call after a set delay, a signed-webhook channel and a Slack channel that
// allows one message per second (429 beyond). See bench/README.md.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createSimulator, currentVersion } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { startFakeSlack } from '../test/support/fakes/fake-slack.js'
import { type Distribution, distribution, startReceiver, watchNotifications } from './alert-receiver.js'
import { type Child, startLeadRelay, stopChild } from './children.js'
import { type CpuShare, cpuShare, cpuSnapshot } from './cpu.js'
import { fmt, table } from './format.js'
import { WEBHOOK_PATH } from './notifications.js'

export const BURST_TARGETS = { firstAlertMs: 1000, p99Ms: 5000 } as const

export interface BurstSettings {
  readonly leads: number
  /** The notifications are sent evenly over this window (ms). */
  readonly windowMs: number
  readonly linkedinLatencyMs: number
  readonly timeoutS: number
}

export interface BurstResult {
  readonly settings: BurstSettings
  readonly leads: number
  readonly acknowledged2xx: number
  /** Notification POST → its answer, per lead; and when the last answer came, from the burst's start. */
  readonly acknowledgementMs: Distribution
  readonly lastAcknowledgedAtMs: number
  /** Notification POST → webhook alert, per lead. */
  readonly endToEndMs: Distribution
  /** The first lead sent: its end-to-end; and the earliest alert of the burst, from the burst's start. */
  readonly firstLeadAlertMs: number | null
  readonly earliestAlertAtMs: number | null
  /** Spearman's rank correlation of send order and alert order: 1 = alerted exactly in arrival order. */
  readonly orderCorrelation: number | null
  readonly alerted: number
  readonly missing: number
  readonly slack: {
    readonly messages: number
    readonly rateLimited: number
    readonly firstMessageAtMs: number | null
    readonly deliveriesDelivered: number
    readonly digests: number
  }
  readonly cpu: CpuShare | null
  readonly targets: Record<'firstAlertMs' | 'p99Ms', { value: number; target: number; met: boolean }>
  readonly stop: string
  readonly seconds: number
}

const CLIENT_ID = 'bench-client-id'
const ACCESS_TOKEN = 'bench-static-access-token'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Spearman's ρ of two equally long series (no ties expected: times in fractional ms). */
function spearman(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length
  if (n < 2) return null
  const ranks = (values: readonly number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
    const out = new Array<number>(n)
    order.forEach(([, i], rank) => {
      out[i] = rank
    })
    return out
  }
  const rx = ranks(xs)
  const ry = ranks(ys)
  const d2 = rx.reduce((sum, r, i) => sum + (r - (ry[i] as number)) ** 2, 0)
  return 1 - (6 * d2) / (n * (n * n - 1))
}

function slackDeliveries(databaseFile: string) {
  const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(
        "SELECT count(*) AS delivered, count(DISTINCT digest_id) AS digests FROM deliveries WHERE channel = 'slack' AND state = 'delivered'",
      )
      .get() as { delivered: number; digests: number }
  } finally {
    db.close()
  }
}

export async function runBurst(options: {
  readonly settings: BurstSettings
  readonly secret: string
  readonly work: string
  readonly leadrelayEnv?: Record<string, string>
  readonly nodeArgs?: readonly string[]
  readonly log: (line: string) => void
}): Promise<BurstResult> {
  const started = performance.now()
  const { settings, log } = options
  const simulator = createSimulator({
    clientId: CLIENT_ID,
    clientSecret: options.secret,
    accessToken: ACCESS_TOKEN,
    logger: silentLogger,
    seed: 2,
    restLatencyMs: settings.linkedinLatencyMs,
  })
  const alertSecret = `whsec_${randomBytes(24).toString('base64')}`
  const receiver = await startReceiver(alertSecret)
  const slack = await startFakeSlack({ enforceOnePerSecond: true })
  const databaseFile = join(options.work, 'burst.db')
  let leadrelay: Child | undefined
  let watcher: ReturnType<typeof watchNotifications> | undefined
  try {
    const simulatorUrl = await simulator.start(0)
    leadrelay = await startLeadRelay({
      databaseFile,
      secret: options.secret,
      cwd: options.work,
      env: {
        // Every simulated LinkedIn sender shares 127.0.0.1, and a burst holds more than the default 100
        // connections per address open at once (LinkedIn's own deliveries come from many addresses).
        MAX_CONNECTIONS_PER_ADDRESS: '1000',
        ...options.leadrelayEnv,
        LINKEDIN_API_URL: simulatorUrl,
        LINKEDIN_OAUTH_URL: simulatorUrl,
        LINKEDIN_CLIENT_ID: CLIENT_ID,
        LINKEDIN_ACCESS_TOKEN: simulator.accessToken,
        LINKEDIN_VERSION: currentVersion(systemClock),
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: alertSecret,
        SLACK_WEBHOOK_URL: slack.webhookUrl,
      },
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    })
    const subscribed = await simulator.subscribe(`${leadrelay.url}${WEBHOOK_PATH}`)
    if (subscribed.status !== 201) throw new Error(`subscribing LeadRelay failed (${subscribed.status})`)
    watcher = watchNotifications(`${leadrelay.url}${WEBHOOK_PATH}`)
    // Warm-up: three leads one after another, then let Slack's pacing slot pass.
    for (let i = 0; i < 3; i++) {
      const { lead } = await simulator.submitLead()
      const deadline = performance.now() + settings.timeoutS * 1000
      while (!receiver.alerts.has(lead.id) && performance.now() < deadline) await sleep(20)
    }
    await sleep(2500)
    const slackBefore = { messages: slack.posts.length, rateLimited: slack.rateLimited }
    const warmSlack = slackDeliveries(databaseFile).delivered

    log(
      `  burst: ${settings.leads} notifications in ${settings.windowMs} ms, LinkedIn answering in ${settings.linkedinLatencyMs} ms`,
    )
    const pids = [leadrelay.process.pid ?? 0].filter((pid) => pid > 0)
    const cpuBefore = cpuSnapshot(pids)
    const burstAt = performance.now()
    const burstWallAt = Date.now()
    const submissions: Promise<string | undefined>[] = []
    for (let i = 0; i < settings.leads; i++) {
      const wait = burstAt + (i * settings.windowMs) / settings.leads - performance.now()
      if (wait > 0) await sleep(wait)
      submissions.push(
        simulator.submitLead().then(
          ({ lead }) => lead.id,
          () => undefined,
        ),
      )
    }
    const ids = (await Promise.all(submissions)).filter((id): id is string => id !== undefined)
    const deadline = performance.now() + settings.timeoutS * 1000
    while (performance.now() < deadline && ids.some((id) => !receiver.alerts.has(id))) await sleep(20)
    while (performance.now() < deadline && slackDeliveries(databaseFile).delivered < warmSlack + ids.length)
      await sleep(100)
    const cpu = cpuShare(cpuBefore, cpuSnapshot(pids))

    const sent: number[] = []
    const arrived: number[] = []
    const endToEnd: number[] = []
    const acknowledgement: number[] = []
    let acknowledged2xx = 0
    let lastAcknowledgedAt = 0
    for (const id of ids) {
      const notified = watcher.notified.get(id)
      if (notified?.answeredAt !== undefined) {
        acknowledgement.push(notified.answeredAt - notified.postStartedAt)
        lastAcknowledgedAt = Math.max(lastAcknowledgedAt, notified.answeredAt - burstAt)
        if (notified.status !== undefined && notified.status >= 200 && notified.status < 300) acknowledged2xx++
      }
      const alert = receiver.alerts.get(id)
      if (!notified || !alert) continue
      sent.push(notified.postStartedAt)
      arrived.push(alert.arrivedAt)
      endToEnd.push(alert.arrivedAt - notified.postStartedAt)
    }
    const first = ids[0] === undefined ? undefined : receiver.alerts.get(ids[0])
    const firstNotified = ids[0] === undefined ? undefined : watcher.notified.get(ids[0])
    const slackNow = slackDeliveries(databaseFile)
    const slackMessages = slack.posts.slice(slackBefore.messages)
    const e2e = distribution(endToEnd)
    const firstLeadAlertMs = first && firstNotified ? first.arrivedAt - firstNotified.postStartedAt : null
    const stop = await stopChild(leadrelay, 30_000)
    return {
      settings,
      leads: ids.length,
      acknowledged2xx,
      acknowledgementMs: distribution(acknowledgement),
      lastAcknowledgedAtMs: lastAcknowledgedAt,
      endToEndMs: e2e,
      firstLeadAlertMs,
      earliestAlertAtMs: arrived.length ? Math.min(...arrived) - burstAt : null,
      orderCorrelation: spearman(sent, arrived),
      alerted: endToEnd.length,
      missing: settings.leads - endToEnd.length,
      slack: {
        messages: slackMessages.length,
        rateLimited: slack.rateLimited - slackBefore.rateLimited,
        firstMessageAtMs: slackMessages[0] ? slackMessages[0].receivedAt - burstWallAt : null,
        deliveriesDelivered: slackNow.delivered - warmSlack,
        digests: slackNow.digests,
      },
      cpu,
      targets: {
        firstAlertMs: {
          value: firstLeadAlertMs ?? Number.POSITIVE_INFINITY,
          target: BURST_TARGETS.firstAlertMs,
          met: (firstLeadAlertMs ?? Number.POSITIVE_INFINITY) < BURST_TARGETS.firstAlertMs,
        },
        p99Ms: {
          value: e2e.p99,
          target: BURST_TARGETS.p99Ms,
          met: endToEnd.length > 0 && e2e.p99 < BURST_TARGETS.p99Ms,
        },
      },
      stop,
      seconds: (performance.now() - started) / 1000,
    }
  } finally {
    watcher?.restore()
    if (leadrelay) await stopChild(leadrelay, 30_000)
    await simulator.stop()
    await receiver.close()
    await slack.close()
  }
}

/** Section D of the printed table. */
export function burstLines(r: BurstResult): string[] {
  const s = r.settings
  const d = (name: string, x: Distribution) => [name, fmt(x.p50, 1), fmt(x.p90, 1), fmt(x.p99, 1), fmt(x.max, 1)]
  const ms = (value: number | null) => (value === null ? 'n/a' : `${fmt(value, 0)} ms`)
  const met = (x: { value: number; target: number; met: boolean }) =>
    `${fmt(x.value, 0)} ms (target < ${x.target} ms): ${x.met ? 'met' : 'NOT met'}`
  return [
    `D. Burst: ${r.leads} notifications in ${s.windowMs} ms, LinkedIn answering in ${s.linkedinLatencyMs} ms, ` +
      'channels: signed webhook + Slack (1 message/s, 429 beyond)',
    table(
      ['per lead, ms', 'p50', 'p90', 'p99', 'max'],
      [d('acknowledgement (POST → 2xx)', r.acknowledgementMs), d('end-to-end (POST → webhook alert)', r.endToEndMs)],
    ),
    `  acknowledged 2xx: ${r.acknowledged2xx}/${r.leads}, the last ${fmt(r.lastAcknowledgedAtMs, 0)} ms after the burst began`,
    `  first lead alerted after ${met(r.targets.firstAlertMs)}; earliest alert ${ms(r.earliestAlertAtMs)} into the burst`,
    `  every lead alerted: ${r.missing === 0 ? 'yes' : `NO, ${r.missing} missing`}; p99 ${met(r.targets.p99Ms)}; ` +
      `p50/p99 = ${r.endToEndMs.p99 ? fmt(r.endToEndMs.p50 / r.endToEndMs.p99, 2) : 'n/a'}; ` +
      `arrival-order correlation ${r.orderCorrelation === null ? 'n/a' : fmt(r.orderCorrelation, 3)} (1 = in order)`,
    `  Slack: ${r.slack.messages} messages (${r.slack.digests} digests) carried ${r.slack.deliveriesDelivered} leads, ` +
      `${r.slack.rateLimited} answered 429, first message ${ms(r.slack.firstMessageAtMs)} into the burst` +
      `; other CPU ${r.cpu ? `${fmt(r.cpu.foreign * 100, 0)} %` : 'n/a'}; LeadRelay stop: ${r.stop}`,
  ]
}
