import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ackLines, ackTargets, type TargetResult } from './ack-report.js'
import { type BackfillRun, backfillLines, runBackfill } from './backfill.js'
import { burstLines, runBurst } from './burst.js'
import {
  type Child,
  killAllChildren,
  startBareServer,
  startLeadRelay,
  startLeadRelayWorker,
  stopChild,
} from './children.js'
import { dashboardPhase } from './dashboard.js'
import { fmt } from './format.js'
import { type FsyncProbe, probeFsync } from './fsync-probe.js'
import { type LeadToAlertResult, leadToAlertLines, runLeadToAlert } from './lead-to-alert.js'
import { runLoad } from './load.js'
import { NotificationPool } from './notifications.js'
import { createBenchSchema } from './postgres.js'
import { sampleRss, scrapeLoopDelay } from './probes.js'
import { reportsPhase } from './reports.js'
import {
  checkStore,
  durabilityLines,
  ensureBuilt,
  envNonNegative,
  envNumber,
  git,
  log,
  machine,
  parseAssignments,
  type StoreCheck,
  writeResults,
} from './run-support.js'
import { runSequenceBench } from './sequences.js'
import { measureStartup, STARTUP_TARGETS, startupLines } from './startup.js'

const SECRET = 'bench-secret'
/** Share of the machine's CPU used by other processes above which the figures are flagged. */
const FOREIGN_CPU_WARNING = 0.05
const IOWAIT_WARNING = 0.1

const settings = {
  durationS: envNumber('BENCH_DURATION_S', 10),
  connections: envNumber('BENCH_CONNECTIONS', 50),
  rate: envNumber('BENCH_RATE', 1000),
  rateConnections: envNumber('BENCH_RATE_CONNECTIONS', 10),
  warmupS: envNumber('BENCH_WARMUP_S', 3),
  /** Notifications built ahead per second of the bare server's throughput phase (LeadRelay gets 1.2 × what
   * bare reached); more are built on the fly if needed, and counted. */
  poolPerSecond: envNumber('BENCH_POOL_PER_S', 35_000),
  /** LEADRELAY_ROLE for the LeadRelay child: `all` (what `leadrelay start` runs) or `web` (no worker). */
  role: process.env.BENCH_ROLE || 'all',
  /** `1`: the worker runs in a second process (`start --role worker`) and the measured one is `--role web`. */
  workerProcess: process.env.BENCH_WORKER_PROCESS === '1',
  /** Extra LeadRelay settings for experiments, e.g. `SQLITE_SYNCHRONOUS=NORMAL WORKER_CONCURRENCY=8`. */
  leadrelayEnv: parseAssignments(process.env.BENCH_LEADRELAY_ENV ?? ''),
  /** When set, the LeadRelay child runs with --cpu-prof and writes its profile into this directory. */
  cpuProfileDir: process.env.BENCH_CPU_PROF || undefined,
  /** Phase C, lead → alert with the simulator: on unless BENCH_E2E=0; BENCH_E2E_ONLY=1 runs nothing else. */
  leadToAlert: process.env.BENCH_E2E !== '0',
  leadToAlertOnly: process.env.BENCH_E2E_ONLY === '1',
  leadToAlertSettings: {
    linkedinLatencyMs: envNonNegative('BENCH_LINKEDIN_LATENCY_MS', 200),
    rate: envNumber('BENCH_E2E_RATE', 20),
    durationS: envNumber('BENCH_E2E_DURATION_S', 10),
    warmupLeads: envNumber('BENCH_E2E_WARMUP', 5),
    timeoutS: envNumber('BENCH_E2E_TIMEOUT_S', 30),
  },
  /** Phase D: BENCH_BURST notifications within BENCH_BURST_WINDOW_MS (0 skips it). */
  burst: {
    leads: envNonNegative('BENCH_BURST', 500),
    windowMs: envNumber('BENCH_BURST_WINDOW_MS', 1000),
    linkedinLatencyMs: envNonNegative('BENCH_LINKEDIN_LATENCY_MS', 200),
    timeoutS: envNumber('BENCH_BURST_TIMEOUT_S', 60),
  },
  /** Phase E: a year backfill of this many leads with no latency, then of fewer with LinkedIn's latency. */
  backfill: {
    leads: envNonNegative('BENCH_BACKFILL_LEADS', 100_000),
    latencyLeads: envNonNegative('BENCH_BACKFILL_LATENCY_LEADS', 5_000),
    linkedinLatencyMs: envNonNegative('BENCH_LINKEDIN_LATENCY_MS', 200),
    timeoutS: envNumber('BENCH_BACKFILL_TIMEOUT_S', 120),
  },
  startupRuns: envNumber('BENCH_STARTUP_RUNS', 3),
  /** Phase G: the acknowledgement and lead → alert phases again on PostgreSQL (a fresh schema, dropped after). */
  postgresUrl: process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || undefined,
  /** Phases to run (BENCH_ONLY=D,E or BENCH_BURST_ONLY=1 …); undefined runs all. */
  only: onlyPhases(),
} as const

/**
 * BENCH_ONLY lists phase letters (A, C, D, E, F, G, H, R, S for sequences); BENCH_BURST_ONLY,
 * BENCH_BACKFILL_ONLY, BENCH_STARTUP_ONLY and BENCH_POSTGRES_ONLY are shorthands for D, E, F and G.
 * F runs A first (it starts LeadRelay on A's database and reports A's RSS); G runs the bare server too.
 */
function onlyPhases(): ReadonlySet<string> | undefined {
  const listed = (process.env.BENCH_ONLY ?? '')
    .toUpperCase()
    .split(/[\s,]+/)
    .filter(Boolean)
  const shorthands = {
    BENCH_BURST_ONLY: 'D',
    BENCH_BACKFILL_ONLY: 'E',
    BENCH_STARTUP_ONLY: 'F',
    BENCH_POSTGRES_ONLY: 'G',
  }
  for (const [name, phase] of Object.entries(shorthands)) if (process.env[name] === '1') listed.push(phase)
  return listed.length > 0 ? new Set(listed) : undefined
}
const runs = (phase: string) => settings.only === undefined || settings.only.has(phase)

/** Same sequence for both targets: warm up at the fixed rate, measure at the fixed rate, then saturate. */
async function measure(
  child: Child,
  pool: NotificationPool,
  poolPerSecond: number,
  onAcknowledged?: (id: string) => void,
  extraPids: readonly number[] = [],
): Promise<TargetResult> {
  const pids = [child.process.pid ?? 0, ...extraPids].filter((pid) => pid > 0)
  const fixed = { url: child.url, connections: settings.rateConnections, overallRate: settings.rate, pool, pids }
  const isLeadRelay = child.name === 'LeadRelay'
  const rss = isLeadRelay ? sampleRss(child.process.pid) : undefined
  pool.fill(Math.ceil(settings.rate * settings.warmupS * 1.1) + 1000)
  log(`  ${child.name}: warm-up, ${settings.rate} req/s for ${settings.warmupS} s`)
  const warmup = await runLoad({ ...fixed, durationS: settings.warmupS, onAcknowledged })
  pool.fill(Math.ceil(settings.rate * settings.durationS * 1.1) + 1000)
  log(`  ${child.name}: fixed rate, ${settings.rate} req/s for ${settings.durationS} s`)
  // Scraping /metrics resets LeadRelay's event-loop histogram: one scrape before and one after each phase.
  if (isLeadRelay) await scrapeLoopDelay(child.url)
  const fixedRate = await runLoad({ ...fixed, durationS: settings.durationS, onAcknowledged })
  const fixedLoop = isLeadRelay ? await scrapeLoopDelay(child.url) : null
  pool.fill(Math.ceil(poolPerSecond * settings.durationS))
  log(`  ${child.name}: throughput, ${settings.connections} connections for ${settings.durationS} s`)
  if (isLeadRelay) await scrapeLoopDelay(child.url)
  const throughput = await runLoad({
    url: child.url,
    connections: settings.connections,
    durationS: settings.durationS,
    pool,
    onAcknowledged,
    pids,
  })
  const throughputLoop = isLeadRelay ? await scrapeLoopDelay(child.url) : null
  pool.clear()
  return {
    warmup,
    fixedRate,
    throughput,
    ...(isLeadRelay
      ? { loopDelay: { fixedRate: fixedLoop, throughput: throughputLoop }, rssMaxMiB: rss?.stop() ?? null }
      : {}),
  }
}

const fsyncLine = (probe: FsyncProbe) => `${fmt(probe.p50Ms)} ms (p99 ${fmt(probe.p99Ms)} ms)`

/** Phase C in its own directory (its own database), with the same LeadRelay extras as the other phases. */
async function leadToAlertPhase(work: string): Promise<LeadToAlertResult> {
  const dir = join(work, 'lead-to-alert')
  mkdirSync(dir, { recursive: true })
  return runLeadToAlert({
    settings: settings.leadToAlertSettings,
    secret: SECRET,
    work: dir,
    leadrelayEnv: settings.leadrelayEnv,
    nodeArgs: settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [],
    log,
  })
}

const foreignWarning = (busiest: number) =>
  `  WARNING: other processes used up to ${fmt(busiest * 100, 0)} % of this machine's CPU during a phase ` +
  '("other CPU"): these figures are disturbed; run again on a quiet machine.'

/** BENCH_E2E_ONLY=1: phase C alone; latest.json then holds no bare/leadrelay sections. */
async function leadToAlertOnly(work: string, build: ReturnType<typeof ensureBuilt>, startedAt: number) {
  const fsyncBefore = probeFsync(work)
  const leadToAlert = await leadToAlertPhase(work)
  const fsyncAfter = probeFsync(work)
  const out = [
    '',
    `LeadRelay bench (lead → alert only): ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`,
    `commit ${git(['rev-parse', '--short', 'HEAD'])}, ${new Date().toISOString()}, LeadRelay --role all, ` +
      `SQLITE_SYNCHRONOUS=${settings.leadrelayEnv.SQLITE_SYNCHRONOUS ?? 'FULL'}` +
      (Object.keys(settings.leadrelayEnv).length ? `, extra env ${JSON.stringify(settings.leadrelayEnv)}` : ''),
    '',
    ...leadToAlertLines(leadToAlert),
    `Disk: one synchronous=FULL commit took ${fsyncLine(fsyncBefore)} before the run, ${fsyncLine(fsyncAfter)} after.`,
  ]
  if ((leadToAlert.cpu?.foreign ?? 0) > FOREIGN_CPU_WARNING) out.push(foreignWarning(leadToAlert.cpu?.foreign ?? 0))
  process.stdout.write(`${out.join('\n')}\n`)
  writeResults(
    {
      date: new Date().toISOString(),
      machine: machine(fsyncBefore, fsyncAfter),
      git: { commit: git(['rev-parse', 'HEAD']), srcDirty: git(['status', '--porcelain', '--', 'src']) !== '' },
      settings: { ...settings, build, runSeconds: 0 },
      leadToAlert,
    },
    startedAt,
  )
  if (leadToAlert.missing > 0) process.exitCode = 1
}

/** BENCH_REPORTS_ONLY=1: phase R alone; latest.json then holds only its section. */
async function reportsOnly(build: ReturnType<typeof ensureBuilt>, startedAt: number) {
  const reports = await reportsPhase(log)
  const head = `LeadRelay bench (reports only): ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`
  const commit = `commit ${git(['rev-parse', '--short', 'HEAD'])}, ${new Date().toISOString()}`
  process.stdout.write(`${['', head, commit, '', ...reports.lines].join('\n')}\n`)
  writeResults(
    {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        loadAverageAtEnd: loadavg(),
        node: process.version,
      },
      git: { commit: git(['rev-parse', 'HEAD']), srcDirty: git(['status', '--porcelain', '--', 'src']) !== '' },
      settings: { build, runSeconds: 0 },
      reports: reports.result,
    },
    startedAt,
  )
  if ('endpoints' in reports.result && reports.result.endpoints.some((e) => !e.ok)) process.exitCode = 1
}

interface AckPhase {
  readonly result: TargetResult
  readonly store: StoreCheck
  readonly stop: string
}

/** Phases A and B against one LeadRelay (SQLite file or PostgreSQL URL), then its durability check. */
async function ackPhase(
  database: string,
  work: string,
  pool: NotificationPool,
  bare: TargetResult,
  check: (acknowledged: ReadonlySet<string>) => Promise<StoreCheck>,
): Promise<AckPhase> {
  const acknowledged = new Set<string>()
  const options = {
    databaseFile: database,
    secret: SECRET,
    cwd: work,
    env: { ...settings.leadrelayEnv, LEADRELAY_ROLE: settings.workerProcess ? 'web' : settings.role },
    nodeArgs: settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [],
  }
  const leadrelay = await startLeadRelay(options)
  let worker: Child | undefined
  let result: TargetResult
  let stop: string
  try {
    if (settings.workerProcess) worker = await startLeadRelayWorker(options)
    const workerPids = worker?.process.pid ? [worker.process.pid] : []
    const perSecond = Math.max(2000, bare.throughput.requestsPerSecMean * 1.2)
    result = await measure(leadrelay, pool, perSecond, (id) => acknowledged.add(id), workerPids)
  } finally {
    stop = await stopChild(leadrelay, 30_000)
    if (worker) stop += `; worker process: ${await stopChild(worker, 30_000)}`
  }
  return { result, store: await check(acknowledged), stop }
}

/** Phase G: A, B, the durability check and C again, on PostgreSQL. */
async function postgresPhase(url: string, work: string, pool: NotificationPool, bare: TargetResult) {
  log(`PostgreSQL: ${new URL(url).host}${new URL(url).pathname}, fresh schemas`)
  const ackSchema = await createBenchSchema(url, 'ack')
  let ack: AckPhase
  try {
    ack = await ackPhase(ackSchema.url, work, pool, bare, async (acknowledged) => {
      const stored = await ackSchema.storedLeadIds()
      const missingIds = [...acknowledged].filter((id) => !stored.has(id))
      return {
        acknowledged: acknowledged.size,
        eventRows: stored.size,
        missing: missingIds.length,
        missingExamples: missingIds.slice(0, 5),
        jobsByState: await ackSchema.countBy('SELECT state AS k, count(*) AS n FROM {schema}.jobs GROUP BY state'),
        eventsByStatus: await ackSchema.countBy(
          'SELECT status AS k, count(*) AS n FROM {schema}.events GROUP BY status',
        ),
      }
    })
  } finally {
    await ackSchema.drop()
  }
  const alertSchema = await createBenchSchema(url, 'alert')
  try {
    const dir = join(work, 'postgres-lead-to-alert')
    mkdirSync(dir, { recursive: true })
    const leadToAlert = await runLeadToAlert({
      settings: settings.leadToAlertSettings,
      secret: SECRET,
      work: dir,
      databaseUrl: alertSchema.url,
      leadrelayEnv: settings.leadrelayEnv,
      log,
    })
    return { ack, leadToAlert }
  } finally {
    await alertSchema.drop()
  }
}

const skipped = { skipped: 'BENCH_ONLY' } as const

function startupTargets(startup: Awaited<ReturnType<typeof measureStartup>>) {
  return {
    startupMs: {
      value: startup.medianMs,
      target: STARTUP_TARGETS.healthyMs,
      met: startup.medianMs < STARTUP_TARGETS.healthyMs,
    },
    idleRssMiB: {
      value: startup.idleRssMiB,
      target: STARTUP_TARGETS.idleRssMiB,
      met: startup.idleRssMiB !== null && startup.idleRssMiB < STARTUP_TARGETS.idleRssMiB,
    },
  }
}

async function measureBare(pool: NotificationPool): Promise<TargetResult> {
  const bare = await startBareServer()
  try {
    return await measure(bare, pool, settings.poolPerSecond)
  } finally {
    await stopChild(bare)
  }
}

async function main() {
  const startedAt = Date.now()
  // Phase R runs src/ in this process: it needs no build.
  if (process.env.BENCH_REPORTS_ONLY === '1') return await reportsOnly({ rebuilt: false, seconds: 0 }, startedAt)
  const build = ensureBuilt()
  const work = mkdtempSync(join(tmpdir(), 'leadrelay-bench-'))
  const databaseFile = join(work, 'bench.db')
  const pool = new NotificationPool(SECRET)
  try {
    log(`bench: ${cpus().length} CPUs, node ${process.version}; results in bench/results/latest.json`)
    if (settings.leadToAlertOnly) return await leadToAlertOnly(work, build, startedAt)
    const fsyncBefore = probeFsync(work)
    const loadBefore = loadavg()

    const bareResult = runs('A') || runs('F') || runs('G') ? await measureBare(pool) : undefined
    const sqlite =
      bareResult && (runs('A') || runs('F'))
        ? await ackPhase(databaseFile, work, pool, bareResult, async (acknowledged) =>
            checkStore(databaseFile, acknowledged),
          )
        : undefined
    const startup =
      sqlite && runs('F')
        ? await measureStartup({
            databaseFile,
            secret: SECRET,
            cwd: work,
            env: settings.leadrelayEnv,
            runs: settings.startupRuns,
            events: sqlite.store.eventRows,
            log,
          })
        : undefined
    const leadToAlert = settings.leadToAlert && runs('C') ? await leadToAlertPhase(work) : undefined
    const burst =
      settings.burst.leads > 0 && runs('D')
        ? await runBurst({
            settings: settings.burst,
            secret: SECRET,
            work,
            leadrelayEnv: settings.leadrelayEnv,
            log,
          })
        : undefined
    const backfills: BackfillRun[] = []
    for (const [name, leads, latency] of [
      ['year', settings.backfill.leads, 0],
      ['latency', settings.backfill.latencyLeads, settings.backfill.linkedinLatencyMs],
    ] as const) {
      if (leads <= 0 || !runs('E')) continue
      backfills.push(
        await runBackfill({
          name,
          leads,
          linkedinLatencyMs: latency,
          timeoutS: settings.backfill.timeoutS,
          secret: SECRET,
          work,
          leadrelayEnv: settings.leadrelayEnv,
          ...(settings.cpuProfileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] } : {}),
          log,
        }),
      )
    }
    const dashboard = runs('H') ? await dashboardPhase() : { lines: [], result: { skipped: 'BENCH_ONLY' } }
    const reports = runs('R') ? await reportsPhase(log) : { lines: [], result: { skipped: 'BENCH_ONLY' } }
    const postgres =
      settings.postgresUrl && bareResult && runs('G')
        ? await postgresPhase(settings.postgresUrl, work, pool, bareResult)
        : undefined
    const fsyncAfter = probeFsync(work)
    const generatedDuringRun = pool.builtDuringRun

    const out: string[] = []
    out.push('')
    out.push(`LeadRelay bench: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`)
    out.push(
      `commit ${git(['rev-parse', '--short', 'HEAD'])}, ${new Date().toISOString()}, ` +
        (settings.workerProcess
          ? 'LeadRelay --role web + a --role worker process'
          : `LeadRelay --role ${settings.role}`) +
        `, SQLITE_SYNCHRONOUS=${settings.leadrelayEnv.SQLITE_SYNCHRONOUS ?? 'FULL'}` +
        (Object.keys(settings.leadrelayEnv).length ? `, extra env ${JSON.stringify(settings.leadrelayEnv)}` : '') +
        `; load average ${loadBefore.map((l) => fmt(l, 2)).join(' ')} at the start, ${loadavg()
          .map((l) => fmt(l, 2))
          .join(' ')} at the end`,
    )
    out.push('')
    if (bareResult && sqlite) {
      out.push(...ackLines(settings, bareResult, sqlite.result))
      out.push(...durabilityLines(sqlite.store, sqlite.stop))
      out.push('')
    }
    if (leadToAlert) out.push(...leadToAlertLines(leadToAlert), '')
    if (burst) out.push(...burstLines(burst), '')
    if (backfills.length) out.push(...backfillLines(backfills), '')
    if (startup) out.push(...startupLines(startup, sqlite?.result.rssMaxMiB ?? null), '')
    // Issue 12's dashboard phase, lettered H here (A–G are issue 15's).
    out.push(...dashboard.lines.map((line) => line.replace(/^D\. /, 'H. ')))
    if (postgres && bareResult) {
      out.push('G. The same on PostgreSQL (fresh schema, LeadRelay --role all)')
      out.push(...ackLines(settings, bareResult, postgres.ack.result, 'LeadRelay (PostgreSQL)').map((l) => `  ${l}`))
      out.push(...durabilityLines(postgres.ack.store, postgres.ack.stop).map((l) => `  ${l}`))
      out.push(...leadToAlertLines(postgres.leadToAlert, 'Lead → alert on PostgreSQL').map((l) => `  ${l}`), '')
    } else if (runs('G')) {
      out.push('G. PostgreSQL: skipped (set BENCH_DATABASE_URL=postgres://… to run it)', '')
    }
    out.push(...reports.lines)
    out.push(
      `Disk: one synchronous=FULL commit took ${fsyncLine(fsyncBefore)} before the run, ${fsyncLine(fsyncAfter)} after ` +
        '(DESIGN.md measured ≈ 0.2 ms).',
    )
    const measured = [bareResult, sqlite?.result].filter((t): t is TargetResult => t !== undefined)
    const busiest = Math.max(
      ...measured.flatMap((t) => [t.fixedRate, t.throughput]).map((r) => r.cpu?.foreign ?? 0),
      leadToAlert?.cpu?.foreign ?? 0,
      burst?.cpu?.foreign ?? 0,
    )
    if (busiest > FOREIGN_CPU_WARNING) out.push(foreignWarning(busiest))
    // The bare server never touches the disk, so I/O wait during its phases is someone else's.
    const iowait = bareResult
      ? Math.max(...[bareResult.fixedRate, bareResult.throughput].map((r) => r.cpu?.iowait ?? 0))
      : 0
    if (iowait > IOWAIT_WARNING) {
      out.push(
        `  WARNING: ${fmt(iowait * 100, 0)} % I/O wait while the bare server ran: another process was using the disk.`,
      )
    }
    if (generatedDuringRun > 0) out.push(`  note: ${generatedDuringRun} notifications were signed during measurement`)
    const sequences = process.env.BENCH_SEQUENCES !== '0' && runs('S') ? await runSequenceBench() : undefined
    if (sequences) out.push('', ...sequences.lines)
    process.stdout.write(`${out.join('\n')}\n`)

    const failures = [
      sqlite && sqlite.store.missing > 0 ? 'acknowledged notifications missing from the store' : '',
      (leadToAlert?.missing ?? 0) > 0 ? 'leads not alerted in C' : '',
      burst && burst.missing > 0 ? 'leads not alerted in the burst' : '',
      // A pull still running at the time limit missed its target (printed above); only a failed pull, or one
      // that finished without every lead, is broken.
      ...backfills.map((r) =>
        r.pullState === 'running' || (r.pullState === 'done' && r.stored === r.leads)
          ? ''
          : `backfill ${r.leads} ${r.pullState === 'done' ? 'finished without every lead' : `ended ${r.pullState}`}`,
      ),
      postgres && postgres.ack.store.missing > 0 ? 'acknowledged notifications missing on PostgreSQL' : '',
      postgres && postgres.leadToAlert.missing > 0 ? 'leads not alerted on PostgreSQL' : '',
    ].filter(Boolean)
    const results = {
      date: new Date().toISOString(),
      machine: { ...machine(fsyncBefore, fsyncAfter), loadAverageAtStart: loadBefore },
      git: {
        commit: git(['rev-parse', 'HEAD']),
        srcDirty: git(['status', '--porcelain', '--', 'src']) !== '',
      },
      settings: {
        ...settings,
        postgresUrl: settings.postgresUrl ? '(given)' : undefined,
        build,
        sqliteSynchronous: settings.leadrelayEnv.SQLITE_SYNCHRONOUS ?? 'FULL (default)',
        runSeconds: 0,
      },
      only: settings.only ? [...settings.only] : 'every phase',
      targets: {
        ...(bareResult && sqlite ? ackTargets(bareResult, sqlite.result) : {}),
        ...(leadToAlert ? { leadToAlert: leadToAlert.targets } : {}),
        ...(burst ? { burst: burst.targets } : {}),
        ...(startup ? startupTargets(startup) : {}),
      },
      bare: bareResult ?? skipped,
      leadrelay: sqlite ? { ...sqlite.result, stop: sqlite.stop } : skipped,
      store: sqlite?.store ?? skipped,
      notificationsSignedDuringMeasurement: generatedDuringRun,
      leadToAlert: leadToAlert ?? { skipped: settings.leadToAlert ? 'BENCH_ONLY' : 'BENCH_E2E=0' },
      burst: burst ?? { skipped: settings.burst.leads > 0 ? 'BENCH_ONLY' : 'BENCH_BURST=0' },
      backfill: backfills,
      startup: startup ? { ...startup, rssUnderLoadMiB: sqlite?.result.rssMaxMiB ?? null } : skipped,
      postgres: postgres ?? { skipped: settings.postgresUrl ? 'BENCH_ONLY' : 'no BENCH_DATABASE_URL' },
      dashboard: dashboard.result,
      sequences: sequences?.result ?? { skipped: 'BENCH_SEQUENCES=0 or BENCH_ONLY' },
      reports: reports.result,
      failures,
    }
    writeResults(results, startedAt)
    if (failures.length > 0) {
      log(`bench FAILED: ${failures.join('; ')}`)
      process.exitCode = 1
    }
  } finally {
    killAllChildren()
    rmSync(work, { recursive: true, force: true })
  }
}

process.once('exit', killAllChildren)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren()
    process.exit(130)
  })
}

main().catch((error: unknown) => {
  killAllChildren()
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exitCode = 1
})
