// Helpers of `npm run bench` (bench/run.ts): settings from the environment, the build check, the durability
// check, the machine description and the results file.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { ROOT } from './children.js'
import { fmt } from './format.js'
import type { FsyncProbe } from './fsync-probe.js'

export function log(line: string) {
  process.stderr.write(`${line}\n`)
}

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`)
  return value
}

/** Like envNumber, but 0 is allowed (a LinkedIn that answers at once). */
export function envNonNegative(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be 0 or more, got "${raw}"`)
  return value
}

export function parseAssignments(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of text.split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`BENCH_LEADRELAY_ENV: expected NAME=value, got "${pair}"`)
    out[pair.slice(0, at)] = pair.slice(at + 1)
  }
  return out
}

/**
 * Rebuilds dist/ when any source file is newer than it, so the CLI runs the code in src/. If the build
 * fails (src/ mid-edit), the existing dist/ is measured and the results say so.
 */
export function ensureBuilt(): { rebuilt: boolean; seconds: number; failed?: boolean } {
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

export function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
}

export interface StoreCheck {
  readonly acknowledged: number
  readonly eventRows: number
  readonly missing: number
  readonly missingExamples: readonly string[]
  readonly jobsByState: Record<string, number>
  readonly eventsByStatus: Record<string, number>
}

/** After LeadRelay has stopped: is every notification it acknowledged in its events table? */
export function checkStore(databaseFile: string, acknowledged: ReadonlySet<string>): StoreCheck {
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

export function machine(fsyncBefore: FsyncProbe, fsyncAfter: FsyncProbe) {
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

export function writeResults<T extends { settings: { runSeconds: number } }>(results: T, startedAt: number) {
  results.settings.runSeconds = (Date.now() - startedAt) / 1000
  const dir = join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote bench/results/latest.json (${fmt(results.settings.runSeconds, 1)} s)`)
}

export function durabilityLines(store: StoreCheck, stop: string): string[] {
  return [
    `Durability: ${store.acknowledged} notifications acknowledged (2xx), ${store.eventRows} rows in events; ` +
      (store.missing === 0
        ? 'every acknowledged notification is stored.'
        : `${store.missing} ACKNOWLEDGED BUT NOT STORED, e.g. ${store.missingExamples.join(', ')}`),
    `  jobs left: ${JSON.stringify(store.jobsByState)}; events: ${JSON.stringify(store.eventsByStatus)}; LeadRelay stop: ${stop}`,
  ]
}
