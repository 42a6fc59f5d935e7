// `npm run bench`: signed-notification acknowledgements per second and latency, LeadRelay vs a bare
// node:http server, then lead → alert latency with the LinkedIn simulator, on this machine, over loopback.
// See bench/README.md.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  type Child,
  killAllChildren,
  ROOT,
  startBareServer,
  startLeadRelay,
  startLeadRelayWorker,
  stopChild,
} from './children.js'
import { dashboardPhase } from './dashboard.js'
import { fmt, table } from './format.js'
import { type FsyncProbe, probeFsync } from './fsync-probe.js'
import { type LeadToAlertResult, leadToAlertLines, runLeadToAlert } from './lead-to-alert.js'
import { type LoadResult, runLoad } from './load.js'
import { NotificationPool } from './notifications.js'
import { reportsPhase } from './reports.js'
import { runSequenceBench } from './sequences.js'

const SECRET = 'bench-secret'
const TARGET_RATIO = 0.7
const TARGET_P99_MS = 5
/** Share of the machine's CPU used by other processes above which the figures are flagged. */
const FOREIGN_CPU_WARNING = 0.05
const IOWAIT_WARNING = 0.1

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
  return value
}

/** Like envNumber, but 0 is allowed (a LinkedIn that answers at once). */
function envNonNegative(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be 0 or more, got "${raw}"`)
  return value
}

function parseAssignments(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`BENCH_LEADRELAY_ENV: expected NAME=value, got "${pair}"`)
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}

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
    rate: envNumber('BENCH_E2E_RATE', 5),
    durationS: envNumber('BENCH_E2E_DURATION_S', 20),
    warmupLeads: envNumber('BENCH_E2E_WARMUP', 5),
    timeoutS: envNumber('BENCH_E2E_TIMEOUT_S', 30),
  },
} as const

interface TargetResult {
  readonly warmup: LoadResult
  readonly fixedRate: LoadResult
  readonly throughput: LoadResult
}

/** Same sequence for both targets: warm up at the fixed rate, measure at the fixed rate, then saturate. */
async function measure(
  child: Child,
  pool: NotificationPool,
  poolPerSecond: number,
  onAcknowledged?: (id: string) => void,
  extraPids: readonly number[] = [],
) {
  const pids = [child.process.pid ?? 0, ...extraPids].filter((pid) => pid > 0)
  const fixed = { url: child.url, connections: settings.rateConnections, overallRate: settings.rate, pool, pids }
  pool.fill(Math.ceil(settings.rate * settings.warmupS * 1.1) + 1000)
  log(`  ${child.name}: warm-up, ${settings.rate} req/s for ${settings.warmupS} s`)
  const warmup = await runLoad({ ...fixed, durationS: settings.warmupS, onAcknowledged })
  pool.fill(Math.ceil(settings.rate * settings.durationS * 1.1) + 1000)
  log(`  ${child.name}: fixed rate, ${settings.rate} req/s for ${settings.durationS} s`)
  const fixedRate = await runLoad({ ...fixed, durationS: settings.durationS, onAcknowledged })
  pool.fill(Math.ceil(poolPerSecond * settings.durationS))
  log(`  ${child.name}: throughput, ${settings.connections} connections for ${settings.durationS} s`)
  const throughput = await runLoad({
    url: child.url,
    connections: settings.connections,
    durationS: settings.durationS,
    pool,
    onAcknowledged,
    pids,
  })
  pool.clear()
  return { warmup, fixedRate, throughput } satisfies TargetResult
}

function log(line: string) {
  process.stderr.write(`${line}\n`)
}

/**
 * Rebuilds dist/ when any source file is newer than it, so the CLI runs the code in src/. If the build
 * fails (src/ mid-edit), the existing dist/ is measured and the results say so.
 */
function ensureBuilt(): { rebuilt: boolean; seconds: number; failed?: boolean } {
  const built = join(ROOT, 'dist/main.js')
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
      const path = join(dir, entry.name)
      return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
    }, 0)
  if (builtAt > newest(join(ROOT, 'src'))) return { rebuilt: false, seconds: 0 }
  log('dist/ is older than src/: npm run build')
  const started = Date.now()
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' })
  const seconds = (Date.now() - started) / 1000
  if (result.status === 0) return { rebuilt: true, seconds }
  if (!existsSync(built)) throw new Error('npm run build failed and there is no dist/ to run')
  log('WARNING: npm run build failed; measuring the existing (older) dist/')
  return { rebuilt: false, seconds, failed: true }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

interface StoreCheck {
  readonly acknowledged: number
  readonly eventRows: number
  readonly missing: number
  readonly missingExamples: readonly string[]
  readonly jobsByState: Record<string, number>
  readonly eventsByStatus: Record<string, number>
}

/** After LeadRelay has stopped: is every notification it acknowledged in its events table? */
function checkStore(databaseFile: string, acknowledged: ReadonlySet<string>): StoreCheck {
  const db = new BetterSqlite3(databaseFile, { readonly: true, fileMustExist: true })
  try {
    const eventRows = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n
    const stored = new Set(db.prepare('SELECT lead_id FROM events').pluck().all() as string[])
    const missingIds = [...acknowledged].filter((id) => !stored.has(id))
    const group = (sql: string) =>
      Object.fromEntries((db.prepare(sql).all() as { k: string; n: number }[]).map((row) => [row.k, row.n]))
    return {
      acknowledged: acknowledged.size,
      eventRows,
      missing: missingIds.length,
      missingExamples: missingIds.slice(0, 5),
      jobsByState: group('SELECT state AS k, count(*) AS n FROM jobs GROUP BY state'),
      eventsByStatus: group('SELECT status AS k, count(*) AS n FROM events GROUP BY status'),
    }
  } finally {
    db.close()
  }
}

const fsyncLine = (probe: FsyncProbe) => `${fmt(probe.p50Ms)} ms (p99 ${fmt(probe.p99Ms)} ms)`
const otherCpu = (r: LoadResult) => (r.cpu ? `${fmt(r.cpu.foreign * 100, 0)} %` : 'n/a')

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

function machine(fsyncBefore: FsyncProbe, fsyncAfter: FsyncProbe) {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
    os: `${process.platform} ${release()}`,
    loadAverageAtEnd: loadavg(),
    fsyncBefore,
    fsyncAfter,
    node: process.version,
  }
}

function writeResults<T extends { settings: { runSeconds: number } }>(results: T, startedAt: number) {
  results.settings.runSeconds = (Date.now() - startedAt) / 1000
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote bench/results/latest.json (${fmt(results.settings.runSeconds, 1)} s)`)
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

    const bare = await startBareServer()
    let bareResult: TargetResult
    try {
      bareResult = await measure(bare, pool, settings.poolPerSecond)
    } finally {
      await stopChild(bare)
    }

    const acknowledged = new Set<string>()
    const leadrelayOptions = {
      databaseFile,
      secret: SECRET,
      cwd: work,
      env: { ...settings.leadrelayEnv, LEADRELAY_ROLE: settings.workerProcess ? 'web' : settings.role },
      nodeArgs: settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [],
    }
    const leadrelay = await startLeadRelay(leadrelayOptions)
    let worker: Child | undefined
    let leadrelayResult: TargetResult
    let leadrelayExit: string
    try {
      if (settings.workerProcess) worker = await startLeadRelayWorker(leadrelayOptions)
      const workerPids = worker?.process.pid ? [worker.process.pid] : []
      const perSecond = Math.max(2000, bareResult.throughput.requestsPerSecMean * 1.2)
      leadrelayResult = await measure(leadrelay, pool, perSecond, (id) => acknowledged.add(id), workerPids)
    } finally {
      leadrelayExit = await stopChild(leadrelay, 30_000)
      if (worker) leadrelayExit += `; worker process: ${await stopChild(worker, 30_000)}`
    }
    const store = checkStore(databaseFile, acknowledged)
    const leadToAlert = settings.leadToAlert ? await leadToAlertPhase(work) : undefined
    const dashboard = await dashboardPhase()
    const reports = await reportsPhase(log)
    const fsyncAfter = probeFsync(work)
    const generatedDuringRun = pool.builtDuringRun

    const b = bareResult
    const l = leadrelayResult
    const ratio = l.throughput.requestsPerSecMean / b.throughput.requestsPerSecMean
    const p99AtRate = l.fixedRate.latencyMs.p99
    const rowsA = [
      ['bare node:http', b.throughput],
      ['LeadRelay', l.throughput],
    ] as const
    const rowsB = [
      ['bare node:http', b.fixedRate],
      ['LeadRelay', l.fixedRate],
    ] as const

    const out: string[] = []
    out.push('')
    out.push(`LeadRelay bench: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`)
    out.push(
      `commit ${git(['rev-parse', '--short', 'HEAD'])}, ${new Date().toISOString()}, ` +
        (settings.workerProcess
          ? 'LeadRelay --role web + a --role worker process'
          : `LeadRelay --role ${settings.role}`) +
        `, SQLITE_SYNCHRONOUS=${settings.leadrelayEnv.SQLITE_SYNCHRONOUS ?? 'FULL'}` +
        (Object.keys(settings.leadrelayEnv).length ? `, extra env ${JSON.stringify(settings.leadrelayEnv)}` : ''),
    )
    out.push('')
    out.push(`A. Throughput: ${settings.connections} connections, ${settings.durationS} s`)
    out.push(
      table(
        ['', 'req/s', 'p50 ms', 'p99 ms', 'max ms', '2xx', 'non-2xx', 'errors', 'CPU µs/req', 'other CPU'],
        rowsA.map(([name, r]) => [
          name,
          fmt(r.requestsPerSecMean, 0),
          fmt(r.latencyMs.p50),
          fmt(r.latencyMs.p99),
          fmt(r.latencyMs.max),
          String(r.responses2xx),
          String(r.non2xx),
          String(r.errors),
          r.targetCpuUsPerRequest === null ? 'n/a' : fmt(r.targetCpuUsPerRequest, 0),
          otherCpu(r),
        ]),
      ),
    )
    out.push(
      `  LeadRelay / bare throughput: ${fmt(ratio * 100, 1)} % (target ≥ ${TARGET_RATIO * 100} %): ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}`,
    )
    out.push('')
    out.push(
      `B. Fixed rate: ${settings.rate} req/s (autocannon overallRate, ${settings.rateConnections} connections), ${settings.durationS} s`,
    )
    out.push(
      table(
        ['', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'p99.9 ms', 'max ms', 'non-2xx', 'errors', 'other CPU'],
        rowsB.map(([name, r]) => [
          name,
          fmt(r.requestsPerSecMean, 0),
          fmt(r.latencyMs.p50),
          fmt(r.latencyMs.p90),
          fmt(r.latencyMs.p99),
          fmt(r.latencyMs.p999),
          fmt(r.latencyMs.max),
          String(r.non2xx),
          String(r.errors),
          otherCpu(r),
        ]),
      ),
    )
    out.push(
      `  LeadRelay p99 at ${settings.rate} req/s: ${fmt(p99AtRate)} ms (target < ${TARGET_P99_MS} ms): ${p99AtRate < TARGET_P99_MS ? 'met' : 'NOT met'}`,
    )
    out.push('')
    if (leadToAlert) {
      out.push(...leadToAlertLines(leadToAlert))
      out.push('')
    }
    out.push(...dashboard.lines)
    out.push(...reports.lines)
    out.push(
      `Durability: ${store.acknowledged} notifications acknowledged (2xx), ${store.eventRows} rows in events; ` +
        (store.missing === 0
          ? 'every acknowledged notification is stored.'
          : `${store.missing} ACKNOWLEDGED BUT NOT STORED, e.g. ${store.missingExamples.join(', ')}`),
    )
    out.push(
      `  jobs left: ${JSON.stringify(store.jobsByState)}; events: ${JSON.stringify(store.eventsByStatus)}; LeadRelay stop: ${leadrelayExit}`,
    )
    out.push(
      `Disk: one synchronous=FULL commit took ${fsyncLine(fsyncBefore)} before the run, ${fsyncLine(fsyncAfter)} after ` +
        '(DESIGN.md measured ≈ 0.2 ms).',
    )
    const busiest = Math.max(
      ...[b, l].flatMap((t) => [t.fixedRate, t.throughput]).map((r) => r.cpu?.foreign ?? 0),
      leadToAlert?.cpu?.foreign ?? 0,
    )
    if (busiest > FOREIGN_CPU_WARNING) out.push(foreignWarning(busiest))
    // The bare server never touches the disk, so I/O wait during its phases is someone else's.
    const iowait = Math.max(...[b.fixedRate, b.throughput].map((r) => r.cpu?.iowait ?? 0))
    if (iowait > IOWAIT_WARNING) {
      out.push(
        `  WARNING: ${fmt(iowait * 100, 0)} % I/O wait while the bare server ran: another process was using the disk.`,
      )
    }
    if (generatedDuringRun > 0) out.push(`  note: ${generatedDuringRun} notifications were signed during measurement`)
    const sequences = process.env.BENCH_SEQUENCES !== '0' ? await runSequenceBench() : undefined
    if (sequences) out.push('', ...sequences.lines)
    process.stdout.write(`${out.join('\n')}\n`)

    const results = {
      date: new Date().toISOString(),
      machine: machine(fsyncBefore, fsyncAfter),
      git: {
        commit: git(['rev-parse', 'HEAD']),
        srcDirty: git(['status', '--porcelain', '--', 'src']) !== '',
      },
      settings: {
        ...settings,
        build,
        sqliteSynchronous: settings.leadrelayEnv.SQLITE_SYNCHRONOUS ?? 'FULL (default)',
        runSeconds: 0,
      },
      targets: {
        throughputRatio: { value: ratio, target: TARGET_RATIO, met: ratio >= TARGET_RATIO },
        p99AtFixedRateMs: { value: p99AtRate, target: TARGET_P99_MS, met: p99AtRate < TARGET_P99_MS },
      },
      bare: bareResult,
      leadrelay: { ...leadrelayResult, stop: leadrelayExit },
      store,
      notificationsSignedDuringMeasurement: generatedDuringRun,
      leadToAlert: leadToAlert ?? { skipped: 'BENCH_E2E=0' },
      dashboard: dashboard.result,
      sequences: sequences?.result ?? { skipped: 'BENCH_SEQUENCES=0' },
      reports: reports.result,
    }
    writeResults(results, startedAt)
    if (store.missing > 0 || (leadToAlert?.missing ?? 0) > 0) process.exitCode = 1
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
