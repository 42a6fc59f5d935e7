// Phase E of `npm run bench`: a year backfill (`POST /api/backfills`, what a first subscription starts) of a
// simulator holding N leads of one owner, first with LinkedIn answering at once, then with a set delay on
// every REST call. See bench/README.md.
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createSimulator, currentVersion, type RestCall } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { startLeadRelay, stopChild } from './children.js'
import { type CpuShare, cpuShare, cpuSnapshot } from './cpu.js'
import { fmt } from './format.js'
import { sampleRss } from './probes.js'

export const BACKFILL_TARGET_S = 120
const CLIENT_ID = 'bench-client-id'
const ACCESS_TOKEN = 'bench-static-access-token'
const API_TOKEN = 'bench-api-token-0123456789abcdef0123456789'
// A form of this sponsored account in every seed (test/backfill-kill.e2e.test.ts uses the same pair).
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const FORM_ID = 7234246

export interface BackfillRun {
  readonly leads: number
  readonly linkedinLatencyMs: number
  readonly seconds: number
  readonly leadsPerSecond: number
  readonly stored: number
  readonly enriched: number
  readonly restCalls: number
  /** Leads per second if LeadRelay took no time at all: what LinkedIn's answers alone allow, one page after another. */
  readonly linkedinBoundLeadsPerSecond: number | null
  readonly pullState: string
  readonly rssMaxMiB: number | null
  readonly cpu: CpuShare | null
  readonly stop: string
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function pullProgress(databaseFile: string) {
  const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true })
  try {
    const pull = db.prepare("SELECT state, linkedin_count AS n FROM pulls WHERE kind = 'backfill'").get() as
      | { state: string; n: number }
      | undefined
    return pull ?? { state: 'none', n: 0 }
  } finally {
    db.close()
  }
}

function leadCounts(databaseFile: string) {
  const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true })
  try {
    return db.prepare("SELECT count(*) AS stored, sum(status = 'enriched') AS enriched FROM leads").get() as {
      stored: number
      enriched: number | null
    }
  } finally {
    db.close()
  }
}

export async function runBackfill(options: {
  readonly leads: number
  readonly linkedinLatencyMs: number
  readonly timeoutS: number
  readonly secret: string
  readonly work: string
  readonly name: string
  readonly leadrelayEnv?: Record<string, string>
  readonly nodeArgs?: readonly string[]
  readonly log: (line: string) => void
}): Promise<BackfillRun> {
  const calls: RestCall[] = []
  const simulator = createSimulator({
    clientId: CLIENT_ID,
    clientSecret: options.secret,
    accessToken: ACCESS_TOKEN,
    logger: silentLogger,
    seed: 11,
    restLatencyMs: options.linkedinLatencyMs,
    onRestCall: (call) => calls.push(call),
  })
  simulator.seedHistory(options.leads, 365, { formId: FORM_ID, testShare: 0 })
  const expected = simulator.store.leadsOf({ sponsoredAccount: ACCOUNT }, 'SPONSORED').filter((l) => !l.testLead).length
  const databaseFile = join(options.work, `${options.name}.db`)
  const simulatorUrl = await simulator.start(0)
  const leadrelay = await startLeadRelay({
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
      LEADRELAY_API_TOKEN: API_TOKEN,
    },
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
  })
  try {
    options.log(
      `  backfill: ${expected} leads over 365 days, LinkedIn answering in ${options.linkedinLatencyMs} ms (${options.name})`,
    )
    const pids = [leadrelay.process.pid ?? 0].filter((pid) => pid > 0)
    const rss = sampleRss(leadrelay.process.pid)
    const cpuBefore = cpuSnapshot(pids)
    const callsBefore = calls.length
    const startedAt = performance.now()
    const response = await fetch(`${leadrelay.url}/api/backfills`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ owner: ACCOUNT, leadType: 'SPONSORED', days: 365 }),
    })
    if (response.status !== 202) throw new Error(`POST /api/backfills answered ${response.status}`)
    const deadline = startedAt + options.timeoutS * 1000
    let progress = pullProgress(databaseFile)
    while (progress.state === 'running' || progress.state === 'none') {
      if (performance.now() > deadline) break
      await sleep(100)
      progress = pullProgress(databaseFile)
    }
    const seconds = (performance.now() - startedAt) / 1000
    const cpu = cpuShare(cpuBefore, cpuSnapshot(pids))
    const rssMaxMiB = rss.stop()
    const counts = leadCounts(databaseFile)
    const restCalls = calls.length - callsBefore
    const linkedinSeconds = (restCalls * options.linkedinLatencyMs) / 1000
    return {
      leads: expected,
      linkedinLatencyMs: options.linkedinLatencyMs,
      seconds,
      leadsPerSecond: counts.stored / seconds,
      stored: counts.stored,
      enriched: counts.enriched ?? 0,
      restCalls,
      linkedinBoundLeadsPerSecond: linkedinSeconds > 0 ? expected / linkedinSeconds : null,
      pullState: progress.state,
      rssMaxMiB,
      cpu,
      stop: await stopChild(leadrelay, 30_000),
    }
  } finally {
    await stopChild(leadrelay, 30_000)
    await simulator.stop()
  }
}

/** Section E of the printed table. */
export function backfillLines(runs: readonly BackfillRun[]): string[] {
  const out = ['E. Year backfill (POST /api/backfills, 100 leads a page)']
  for (const r of runs) {
    const bound =
      r.linkedinBoundLeadsPerSecond === null
        ? ''
        : `; LinkedIn's answers alone allow ${fmt(r.linkedinBoundLeadsPerSecond, 0)} leads/s (${r.restCalls} calls × ${r.linkedinLatencyMs} ms)`
    const complete = r.pullState === 'done' && r.stored === r.leads && r.enriched === r.leads
    out.push(
      `  ${r.leads} leads, LinkedIn at ${r.linkedinLatencyMs} ms: ${fmt(r.seconds, 1)} s, ${fmt(r.leadsPerSecond, 0)} leads/s` +
        `${bound}; ${complete ? 'every lead stored and enriched' : `INCOMPLETE: pull ${r.pullState}, ${r.stored} stored, ${r.enriched} enriched`}` +
        `; RSS max ${r.rssMaxMiB === null ? 'n/a' : `${fmt(r.rssMaxMiB, 0)} MiB`}; other CPU ${r.cpu ? `${fmt(r.cpu.foreign * 100, 0)} %` : 'n/a'}`,
    )
  }
  const year = runs.find((r) => r.linkedinLatencyMs === 0)
  if (year) {
    out.push(
      `  ${year.leads} leads with no latency in ${fmt(year.seconds, 1)} s (target < ${BACKFILL_TARGET_S} s): ${year.pullState === 'done' && year.seconds < BACKFILL_TARGET_S ? 'met' : 'NOT met'}`,
    )
  }
  return out
}
