// The lead → alert phase of `npm run bench`: the LinkedIn simulator (in this process, its REST API answering
// after a set delay) pushes signed notifications to LeadRelay (a child process, as production runs it), which
// fetches each lead from the simulator and alerts a local webhook receiver (in this process). See bench/README.md.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { createSimulator, currentVersion, type RestCall } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { type Distribution, distribution, restLeadId, startReceiver, watchNotifications } from './alert-receiver.js'
import { type Child, startLeadRelay, stopChild } from './children.js'
import { type CpuShare, cpuShare, cpuSnapshot } from './cpu.js'
import { fmt, table } from './format.js'
import { WEBHOOK_PATH } from './notifications.js'

export { type Distribution, distribution } from './alert-receiver.js'

/** Issue 5's goals for this path. */
export const LEAD_TO_ALERT_TARGETS = { endToEndP99Ms: 1000, leadrelayP99Ms: 100, jobStartP99Ms: 10 } as const
/** At most this many measured leads, whatever rate × duration asks for. */
export const MAX_LEADS = 5000

export interface LeadToAlertSettings {
  /** How long every call to the simulator's REST API takes (BENCH_LINKEDIN_LATENCY_MS). */
  readonly linkedinLatencyMs: number
  /** Leads per second (BENCH_E2E_RATE). */
  readonly rate: number
  /** Seconds of steady submission (BENCH_E2E_DURATION_S). */
  readonly durationS: number
  /** Leads sent (at the rate) and waited for before measuring, not in the figures (BENCH_E2E_WARMUP). */
  readonly warmupLeads: number
  /** How long to wait for the last alerts after the last lead (BENCH_E2E_TIMEOUT_S). */
  readonly timeoutS: number
}

export interface LeadToAlertOptions {
  readonly settings: LeadToAlertSettings
  /** LinkedIn client secret: signs the simulator's notifications, LeadRelay verifies with it. */
  readonly secret: string
  /** A fresh directory for LeadRelay's database. */
  readonly work: string
  /** Extra LeadRelay environment (BENCH_LEADRELAY_ENV) and node flags (--cpu-prof). */
  readonly leadrelayEnv?: Record<string, string>
  readonly nodeArgs?: readonly string[]
  /** A PostgreSQL URL to run on instead of a SQLite file in `work`. */
  readonly databaseUrl?: string
  readonly log: (line: string) => void
}

export interface LeadToAlertResult {
  readonly settings: LeadToAlertSettings & { readonly leadsPlanned: number }
  /** Measured leads submitted, and of them those whose alert arrived. */
  readonly leads: number
  readonly alerts: number
  readonly missing: number
  readonly missingExamples: readonly string[]
  readonly warmup: { readonly leads: number; readonly alerts: number }
  /** Lead submissions the simulator failed (no notification sent). */
  readonly submitErrors: number
  /** Notifications LeadRelay did not answer 2xx. */
  readonly notificationsNot2xx: number
  /** Alert requests beyond the first per lead (retries, repeats), and ones whose signature did not verify. */
  readonly repeatedAlerts: number
  readonly badSignatures: number
  /** Per measured lead whose alert arrived, in ms. */
  readonly latencyMs: {
    /** The simulator starting the notification POST → the alert's body received by the receiver. */
    readonly endToEnd: Distribution
    /** Time the simulator spent answering this lead's /rest calls (the configured latency included). */
    readonly linkedin: Distribution
    /** endToEnd − linkedin. */
    readonly leadrelay: Distribution
    /** Parts of LeadRelay's share: the notification POST → its 2xx at the simulator, */
    readonly acknowledgement: Distribution
    /** that 2xx → the first /rest/leadFormResponses request for the lead reaching the simulator (the queued job starting), */
    readonly jobStart: Distribution
    /** and the last /rest answer for the lead → its alert at the receiver (routing, the deliver job, the POST). */
    readonly afterLinkedin: Distribution
  }
  /** /rest calls the simulator answered while measuring, by resource; `unattributed` name no measured lead. */
  readonly restCalls: {
    readonly total: number
    readonly byResource: Record<string, number>
    readonly unattributed: number
  }
  readonly cpu: CpuShare | null
  /** LeadRelay's CPU time per measured lead, in ms. */
  readonly leadrelayCpuMsPerLead: number | null
  readonly targets: Record<
    keyof typeof LEAD_TO_ALERT_TARGETS,
    { readonly value: number; readonly target: number; readonly met: boolean }
  >
  /** The five measured leads with the largest own share, with their parts, ms since the first measured lead. */
  readonly slowest: readonly SlowLead[]
  /**
   * This process's event-loop delay while measuring (ms): simulator, receiver and clocks live here, so a
   * stall of the bench itself would show in every figure.
   */
  readonly benchLoopDelayMs: { readonly p99: number; readonly max: number }
  readonly jobsByState: Record<string, number>
  readonly deliveriesByState: Record<string, number>
  readonly stop: string
  readonly seconds: number
}

export interface SlowLead {
  readonly leadId: string
  readonly atMs: number
  readonly endToEnd: number
  readonly linkedin: number
  readonly leadrelay: number
  readonly acknowledgement: number | null
  readonly jobStart: number | null
  readonly afterLinkedin: number | null
}

const CLIENT_ID = 'bench-client-id'
const LOOP_RESOLUTION_MS = 10
const ACCESS_TOKEN = 'bench-static-access-token'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function countBy(databaseFile: string, sql: string): Record<string, number> {
  if (databaseFile.startsWith('postgres')) return {}
  try {
    const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true })
    try {
      return Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((row) => [row.k, row.n]))
    } finally {
      db.close()
    }
  } catch (error) {
    return { error: -1, [(error as Error).message]: -1 }
  }
}

export async function runLeadToAlert(options: LeadToAlertOptions): Promise<LeadToAlertResult> {
  const started = performance.now()
  const { settings, log } = options
  const leadsPlanned = Math.min(MAX_LEADS, Math.max(1, Math.round(settings.rate * settings.durationS)))
  const restCalls: RestCall[] = []
  const simulator = createSimulator({
    clientId: CLIENT_ID,
    clientSecret: options.secret,
    accessToken: ACCESS_TOKEN,
    logger: silentLogger,
    seed: 1,
    restLatencyMs: settings.linkedinLatencyMs,
    onRestCall: (call) => restCalls.push(call),
  })
  const alertSecret = `whsec_${randomBytes(24).toString('base64')}`
  const receiver = await startReceiver(alertSecret)
  let leadrelay: Child | undefined
  let watcher: ReturnType<typeof watchNotifications> | undefined
  const databaseFile = options.databaseUrl ?? join(options.work, 'lead-to-alert.db')
  try {
    const simulatorUrl = await simulator.start(0)
    leadrelay = await startLeadRelay({
      databaseFile,
      secret: options.secret,
      cwd: options.work,
      env: {
        ...options.leadrelayEnv,
        LINKEDIN_API_URL: simulatorUrl,
        LINKEDIN_OAUTH_URL: simulatorUrl,
        LINKEDIN_CLIENT_ID: CLIENT_ID,
        LINKEDIN_ACCESS_TOKEN: simulator.accessToken,
        LINKEDIN_VERSION: currentVersion(systemClock),
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: alertSecret,
        LOG_LEVEL: 'warn',
      },
      ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    })
    const webhookUrl = `${leadrelay.url}${WEBHOOK_PATH}`
    const subscribed = await simulator.subscribe(webhookUrl)
    if (subscribed.status !== 201) {
      throw new Error(`subscribing LeadRelay failed (${subscribed.status}): ${subscribed.body}\n${leadrelay.output()}`)
    }
    watcher = watchNotifications(webhookUrl)
    const { notified } = watcher

    let submitErrors = 0
    /** Submits `count` leads at the rate, evenly spaced, without waiting for one before the next. */
    const submitAtRate = async (count: number) => {
      const ids: Promise<string | undefined>[] = []
      const from = performance.now()
      for (let i = 0; i < count; i++) {
        const due = from + (i * 1000) / settings.rate
        const wait = due - performance.now()
        if (wait > 0) await sleep(wait)
        ids.push(
          simulator.submitLead().then(
            ({ lead }) => lead.id,
            (error: unknown) => {
              submitErrors++
              log(`  submitting a lead failed: ${(error as Error).message}`)
              return undefined
            },
          ),
        )
      }
      return (await Promise.all(ids)).filter((id): id is string => id !== undefined)
    }
    /** Waits until every one of `ids` has its alert, or `timeoutMs` passed. */
    const waitForAlerts = async (ids: readonly string[], timeoutMs: number) => {
      const deadline = performance.now() + timeoutMs
      while (performance.now() < deadline && ids.some((id) => !receiver.alerts.has(id))) await sleep(20)
    }

    log(`  lead → alert: warm-up, ${settings.warmupLeads} leads`)
    const warmupIds = await submitAtRate(settings.warmupLeads)
    await waitForAlerts(warmupIds, settings.timeoutS * 1000)
    const warmupAlerts = warmupIds.filter((id) => receiver.alerts.has(id)).length
    const restCallsBefore = restCalls.length

    log(
      `  lead → alert: ${leadsPlanned} leads at ${settings.rate}/s, LinkedIn answering in ${settings.linkedinLatencyMs} ms`,
    )
    const pids = [process.pid, leadrelay.process.pid ?? 0].filter((pid) => pid > 0)
    const cpuBefore = cpuSnapshot(pids)
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
    loopDelay.enable()
    const measuredFrom = performance.now()
    const ids = await submitAtRate(leadsPlanned)
    await waitForAlerts(ids, settings.timeoutS * 1000)
    loopDelay.disable()
    const cpu = cpuShare(cpuBefore, cpuSnapshot(pids))

    // Per lead: its notification, its /rest calls (by the id in the URL), its alert.
    const measured = new Set(ids)
    const callsByLead = new Map<string, RestCall[]>()
    const byResource: Record<string, number> = {}
    let unattributed = 0
    for (const call of restCalls.slice(restCallsBefore)) {
      const resource = /^\/rest\/([^/?]+)/.exec(call.url)?.[1] ?? call.url
      byResource[resource] = (byResource[resource] ?? 0) + 1
      const leadId = restLeadId(call.url)
      if (leadId === undefined || !measured.has(leadId)) {
        unattributed++
        continue
      }
      const list = callsByLead.get(leadId) ?? []
      list.push(call)
      callsByLead.set(leadId, list)
    }
    const series = {
      endToEnd: [] as number[],
      linkedin: [] as number[],
      leadrelay: [] as number[],
      acknowledgement: [] as number[],
      jobStart: [] as number[],
      afterLinkedin: [] as number[],
    }
    const perLead: SlowLead[] = []
    const missingIds: string[] = []
    let notificationsNot2xx = 0
    for (const id of ids) {
      const notification = notified.get(id)
      const alert = receiver.alerts.get(id)
      if (notification && !(notification.status && notification.status >= 200 && notification.status < 300))
        notificationsNot2xx++
      if (!alert || !notification) {
        missingIds.push(id)
        continue
      }
      const calls = callsByLead.get(id) ?? []
      const linkedin = calls.reduce((sum, call) => sum + (call.respondedAt - call.receivedAt), 0)
      const endToEnd = alert.arrivedAt - notification.postStartedAt
      series.endToEnd.push(endToEnd)
      series.linkedin.push(linkedin)
      series.leadrelay.push(endToEnd - linkedin)
      const firstFetch = calls.find((call) => call.url.startsWith('/rest/leadFormResponses/'))
      const acknowledgement =
        notification.answeredAt === undefined ? null : notification.answeredAt - notification.postStartedAt
      const jobStart =
        notification.answeredAt === undefined || !firstFetch ? null : firstFetch.receivedAt - notification.answeredAt
      const afterLinkedin = calls.length ? alert.arrivedAt - Math.max(...calls.map((call) => call.respondedAt)) : null
      if (acknowledgement !== null) series.acknowledgement.push(acknowledgement)
      if (jobStart !== null) series.jobStart.push(jobStart)
      if (afterLinkedin !== null) series.afterLinkedin.push(afterLinkedin)
      perLead.push({
        leadId: id,
        atMs: notification.postStartedAt - measuredFrom,
        endToEnd,
        linkedin,
        leadrelay: endToEnd - linkedin,
        acknowledgement,
        jobStart,
        afterLinkedin,
      })
    }
    const latencyMs = {
      endToEnd: distribution(series.endToEnd),
      linkedin: distribution(series.linkedin),
      leadrelay: distribution(series.leadrelay),
      acknowledgement: distribution(series.acknowledgement),
      jobStart: distribution(series.jobStart),
      afterLinkedin: distribution(series.afterLinkedin),
    }
    const target = (value: number, limit: number) => ({ value, target: limit, met: value < limit })
    const counts = receiver.counts()
    const stop = await stopChild(leadrelay, 30_000)
    const alerts = ids.length - missingIds.length
    return {
      settings: { ...settings, leadsPlanned },
      leads: ids.length,
      alerts,
      missing: missingIds.length + (leadsPlanned - ids.length),
      missingExamples: missingIds.slice(0, 5),
      warmup: { leads: warmupIds.length, alerts: warmupAlerts },
      submitErrors,
      notificationsNot2xx,
      repeatedAlerts: counts.repeated,
      badSignatures: counts.badSignatures,
      latencyMs,
      restCalls: { total: restCalls.length - restCallsBefore, byResource, unattributed },
      cpu,
      leadrelayCpuMsPerLead: cpu && ids.length > 0 ? (cpu.targetCpuSeconds * 1000) / ids.length : null,
      targets: {
        endToEndP99Ms: target(latencyMs.endToEnd.p99, LEAD_TO_ALERT_TARGETS.endToEndP99Ms),
        leadrelayP99Ms: target(latencyMs.leadrelay.p99, LEAD_TO_ALERT_TARGETS.leadrelayP99Ms),
        jobStartP99Ms: target(latencyMs.jobStart.p99, LEAD_TO_ALERT_TARGETS.jobStartP99Ms),
      },
      slowest: perLead.sort((a, b) => b.leadrelay - a.leadrelay).slice(0, 5),
      // The histogram holds whole timer intervals: what exceeds the 10 ms timer is the delay.
      benchLoopDelayMs: {
        p99: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        max: Math.max(0, loopDelay.max / 1e6 - LOOP_RESOLUTION_MS),
      },
      jobsByState: countBy(databaseFile, "SELECT name || ':' || state AS k, count(*) AS n FROM jobs GROUP BY k"),
      deliveriesByState: countBy(databaseFile, 'SELECT state AS k, count(*) AS n FROM deliveries GROUP BY state'),
      stop,
      seconds: (performance.now() - started) / 1000,
    }
  } finally {
    watcher?.restore()
    if (leadrelay) await stopChild(leadrelay, 30_000)
    await simulator.stop()
    await receiver.close()
  }
}

/** Section C of the printed table. */
export function leadToAlertLines(r: LeadToAlertResult, label = 'C. Lead → alert'): string[] {
  const s = r.settings
  const out: string[] = []
  out.push(
    `${label}: ${r.leads} leads at ${s.rate}/s over ${s.durationS} s, LinkedIn (simulator) answering every ` +
      `REST call in ${s.linkedinLatencyMs} ms, alert = signed webhook to a local receiver`,
  )
  const row = (name: string, d: Distribution) => [
    name,
    fmt(d.p50, 1),
    fmt(d.p90, 1),
    fmt(d.p99, 1),
    fmt(d.max, 1),
    String(d.count),
  ]
  const l = r.latencyMs
  out.push(
    table(
      ['per lead, ms', 'p50', 'p90', 'p99', 'max', 'leads'],
      [
        row('end-to-end (notification POST → alert)', l.endToEnd),
        row("LinkedIn's share (its /rest answers)", l.linkedin),
        row("LeadRelay's own share", l.leadrelay),
        row('  acknowledgement (POST → 2xx)', l.acknowledgement),
        row('  queued job start (2xx → first /rest)', l.jobStart),
        row('  after LinkedIn (last /rest → alert)', l.afterLinkedin),
      ],
    ),
  )
  const t = r.targets
  const met = (x: { value: number; target: number; met: boolean }) =>
    `${fmt(x.value, 1)} ms (target < ${x.target} ms): ${x.met ? 'met' : 'NOT met'}`
  out.push(`  end-to-end p99 ${met(t.endToEndP99Ms)}`)
  out.push(`  LeadRelay's own share p99 ${met(t.leadrelayP99Ms)}`)
  out.push(`  queued job start p99 ${met(t.jobStartP99Ms)}`)
  const calls = Object.entries(r.restCalls.byResource)
    .map(([resource, n]) => `${resource} ${n}`)
    .join(', ')
  out.push(
    `  ${r.leads} leads, ${r.alerts} alerts received` +
      (r.missing === 0
        ? ' (every lead alerted)'
        : `; ${r.missing} LEADS NOT ALERTED, e.g. ${r.missingExamples.join(', ')}`) +
      `; warm-up ${r.warmup.alerts}/${r.warmup.leads}; /rest calls: ${calls || 'none'}` +
      (r.restCalls.unattributed ? ` (${r.restCalls.unattributed} naming no measured lead)` : ''),
  )
  const cpu = r.cpu ? `${fmt(r.cpu.foreign * 100, 0)} %` : 'n/a'
  const problems = [
    r.submitErrors ? `${r.submitErrors} submissions failed` : '',
    r.notificationsNot2xx ? `${r.notificationsNot2xx} notifications not answered 2xx` : '',
    r.repeatedAlerts ? `${r.repeatedAlerts} repeated alerts` : '',
    r.badSignatures ? `${r.badSignatures} alerts with a bad signature` : '',
  ].filter(Boolean)
  out.push(
    `  other CPU ${cpu}; bench event-loop delay p99 ${fmt(r.benchLoopDelayMs.p99, 1)} ms, max ${fmt(r.benchLoopDelayMs.max, 1)} ms` +
      `; LeadRelay CPU ${r.leadrelayCpuMsPerLead === null ? 'n/a' : `${fmt(r.leadrelayCpuMsPerLead)} ms`}/lead` +
      `; LeadRelay stop: ${r.stop}` +
      (problems.length ? `; ${problems.join(', ')}` : ''),
  )
  const worst = r.slowest[0]
  if (worst) {
    const part = (value: number | null) => (value === null ? 'n/a' : fmt(value, 1))
    out.push(
      `  largest own share: ${fmt(worst.leadrelay, 1)} ms, ${fmt(worst.atMs / 1000, 1)} s in (acknowledgement ` +
        `${part(worst.acknowledgement)}, job start ${part(worst.jobStart)}, after LinkedIn ${part(worst.afterLinkedin)}); ` +
        'the five largest are in latest.json',
    )
  }
  if (r.missing > 0) {
    out.push(`  jobs: ${JSON.stringify(r.jobsByState)}; deliveries: ${JSON.stringify(r.deliveriesByState)}`)
  }
  return out
}
