// Phase R: every report over 100,000 SQLite leads, server time through Fastify's inject (the real API route,
// no network): speed-to-lead and conversion for every groupBy over 30 and 365 days (each with its previous
// period), and the other sections the /reports page shows. Run alone with `BENCH_REPORTS_ONLY=1 npm run bench`
// (or `npx tsx bench/reports.ts`); goal: p90 under 300 ms for each.
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import { GROUP_BY } from '../src/reports/index.js'
import type { NewEventRow, NewLeadRow } from '../src/store/index.js'
import { silentLogger } from '../src/util/logger.js'
import { fmt, table } from './format.js'

const TARGET_MS = 300
const API_TOKEN = 'bench-reports-token-0123456789abcdef0123'
const DAY = 86_400_000

const leadCount = Number(process.env.BENCH_REPORTS_LEADS ?? 100_000)
const runs = Number(process.env.BENCH_REPORTS_RUNS ?? 10)

const TEAM_YAML = `team:
  fallbackOwner: m0
  members:
${Array.from({ length: 10 }, (_, i) => `    - { id: m${i}, name: Rep ${i}, timeZone: ${i % 2 ? 'America/Los_Angeles' : 'America/New_York'}, workingHours: { start: "09:00", end: "17:00" } }`).join('\n')}
`

export interface ReportsBenchResult {
  readonly leads: number
  readonly seedSeconds: number
  /** The restart after seeding, which stores every lead's speed figures (fillSpeedDurations). */
  readonly fillSeconds: number
  readonly loadAverage: readonly number[]
  readonly endpoints: readonly {
    readonly path: string
    /** The process's CPU time (user + system) per request: it moves much less with neighbours than the wall time. */
    readonly cpuP50Ms: number
    readonly p50Ms: number
    readonly p90Ms: number
    readonly maxMs: number
    readonly ok: boolean
  }[]
}

/** A deterministic pseudo-random sequence, so every run measures the same data. */
function lcg(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

export async function runReportsBench(log: (line: string) => void): Promise<ReportsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-bench-reports-'))
  try {
    const loaded = loadConfig({
      env: {
        DATABASE_URL: `sqlite:${join(dir, 'reports.db')}`,
        HOST: '127.0.0.1',
        PORT: '0',
        LEADRELAY_ROLE: 'web',
        LEADRELAY_API_TOKEN: API_TOKEN,
        SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack',
        HUBSPOT_ACCESS_TOKEN: 'bench',
        LOG_LEVEL: 'silent',
      },
      fileText: TEAM_YAML,
    })
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
    const seeder = await createLeadRelay(loaded.value, { logger: silentLogger })
    await seeder.start()
    const db = seeder.store.db
    const end = Date.UTC(2026, 10, 30)
    const start = end - 30 * DAY
    const random = lcg(13)
    const seedStarted = Date.now()
    const CHUNK = 500
    const outcomes = ['contacted', 'qualified', 'disqualified', 'won', 'lost'] as const
    for (let offset = 0; offset < leadCount; offset += CHUNK) {
      const leads: NewLeadRow[] = []
      const events: NewEventRow[] = []
      for (let i = offset; i < Math.min(leadCount, offset + CHUNK); i++) {
        const submitted = start + Math.floor(random() * 30 * DAY)
        const acked = random() < 0.8 ? submitted + Math.floor(random() * 4 * 3_600_000) : null
        const outcome = acked !== null && random() < 0.5 ? outcomes[Math.floor(random() * outcomes.length)]! : null
        const outcomeAt = outcome ? (acked as number) + Math.floor(random() * DAY) : null
        leads.push({
          id: String(7_000_000_000 + i),
          urn: `urn:li:leadGenFormResponse:${7_000_000_000 + i}`,
          status: 'enriched',
          lead_type: i % 3 ? 'SPONSORED' : 'EVENT',
          form_id: String(100 + (i % 20)),
          form_version: 1,
          submitted_at: submitted,
          received_at: submitted + 500,
          test: i % 100 === 0 ? 1 : 0,
          source: 'webhook',
          fields: '{}',
          created_at: submitted,
          updated_at: submitted,
          owner_id: `m${i % 10}`,
          priority: ['hot', 'warm', 'cold'][i % 3] as string,
          score: i % 100,
          assigned_at: submitted + 600,
          alerted_at: submitted + 600 + Math.floor(random() * 5000),
          acked_at: acked,
          acked_by: acked ? `m${i % 10}` : null,
          outcome,
          outcome_at: outcomeAt,
          outcome_by: outcome ? `m${i % 10}` : null,
          contacted_at: outcomeAt,
          qualified_at: outcome === 'qualified' || outcome === 'won' ? outcomeAt : null,
          won_amount: outcome === 'won' ? 1000 * (1 + (i % 20)) : null,
          won_currency: outcome === 'won' ? 'USD' : null,
          disqualify_reason: outcome === 'disqualified' ? 'no-budget' : null,
          // As the pipeline stores it: score contributions and the routing decision (rule, skips, reasons).
          routing: JSON.stringify({
            score: { score: i % 100, contributions: [{ rule: `Signal ${i % 4}`, points: 10 }] },
            decision: {
              ruleName: `Rule ${i % 5}`,
              ownerId: `m${i % 10}`,
              skipped: i % 7 ? [] : [{ memberId: `m${(i + 1) % 10}`, rule: `Rule ${i % 5}`, reason: 'outside-hours' }],
              reasons: [`matched Rule ${i % 5}`, 'round-robin'],
            },
          }),
        })
        // The notification the lead came with: its associatedEntity is the report's campaign.
        events.push({
          dedupe_key: `${7_000_000_000 + i}:CREATED`,
          status: 'processed',
          lead_id: String(7_000_000_000 + i),
          lead_gen_form_response: `urn:li:leadGenFormResponse:${7_000_000_000 + i}`,
          lead_action: 'CREATED',
          associated_entity: i % 4 ? JSON.stringify({ sponsoredCreative: `urn:li:sponsoredCreative:${i % 30}` }) : null,
          received_at: submitted + 500,
        })
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('events').values(events).execute()
        await trx.insertInto('leads').values(leads).execute()
      })
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000
    log(`reports: seeded ${leadCount} leads in ${fmt(seedSeconds, 1)} s`)
    // The rows went in without the speed figures the store records with each event: a restart fills them, as
    // it does for leads stored before migration 2026-12-03-13 (timed: the one-off cost of that upgrade).
    await seeder.stop()
    const fillStarted = Date.now()
    const relay = await createLeadRelay(loaded.value, { logger: silentLogger })
    await relay.start()
    const fillSeconds = (Date.now() - fillStarted) / 1000
    log(`reports: restarted, speed figures of ${leadCount} leads filled in ${fmt(fillSeconds, 1)} s`)
    const app = relay.server
    if (!app) throw new Error('reports bench: LeadRelay started without its web server')
    const endpoints = []
    const paths = [30, 365].flatMap((days) => {
      const range = `from=${new Date(end - days * DAY).toISOString()}&to=${new Date(end).toISOString()}`
      return [
        ...['speed-to-lead', 'conversion'].flatMap((name) =>
          GROUP_BY.map((by) => ({
            label: `${name} by ${by}, ${days} d`,
            url: `/api/reports/${name}?${range}&groupBy=${by}`,
            counted: true,
          })),
        ),
        ...['fairness', 'ageing', 'scoring', 'heatmap'].map((name) => ({
          label: `${name}, ${days} d`,
          url: `/api/reports/${name}?${range}`,
          counted: false,
        })),
      ]
    })
    const expected = leadCount - Math.ceil(leadCount / 100)
    for (const path of paths) {
      const times: number[] = []
      const cpu: number[] = []
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now()
        const c0 = process.cpuUsage()
        const response = await app.inject({ url: path.url, headers: { authorization: `Bearer ${API_TOKEN}` } })
        const ms = performance.now() - t0
        const c = process.cpuUsage(c0)
        const body = response.json() as { total?: { leads?: number } }
        if (response.statusCode !== 200 || (path.counted && body.total?.leads !== expected))
          throw new Error(`${path.url}: HTTP ${response.statusCode}, ${body.total?.leads} leads`)
        if (i >= 2) {
          times.push(ms)
          cpu.push((c.user + c.system) / 1000)
        }
      }
      times.sort((a, b) => a - b)
      cpu.sort((a, b) => a - b)
      const at = (list: number[], p: number) => list[Math.max(0, Math.ceil(p * list.length) - 1)] as number
      endpoints.push({
        path: path.label,
        cpuP50Ms: at(cpu, 0.5),
        p50Ms: at(times, 0.5),
        p90Ms: at(times, 0.9),
        maxMs: at(times, 1),
        ok: at(times, 0.9) < TARGET_MS,
      })
      log(
        `  ${path.label}: p50 ${fmt(at(times, 0.5), 0)} ms, p90 ${fmt(at(times, 0.9), 0)} ms (load ${fmt(loadavg()[0] ?? 0, 1)})`,
      )
    }
    await relay.stop()
    return { leads: leadCount, seedSeconds, fillSeconds, loadAverage: loadavg(), endpoints }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function reportsLines(result: ReportsBenchResult): string[] {
  return [
    `R. Reports, server time over ${result.leads} SQLite leads (inject, no network; seeded in ${fmt(result.seedSeconds, 1)} s, ` +
      `speed figures filled in ${fmt(result.fillSeconds, 1)} s; ` +
      `load average ${result.loadAverage.map((l) => fmt(l, 1)).join(' ')} at the end)`,
    table(
      ['report', 'p50 ms', 'p90 ms', 'max ms', 'CPU p50 ms', `p90 < ${TARGET_MS} ms`],
      result.endpoints.map((e) => [
        e.path,
        fmt(e.p50Ms, 0),
        fmt(e.p90Ms, 0),
        fmt(e.maxMs, 0),
        fmt(e.cpuP50Ms, 0),
        e.ok ? 'met' : 'NOT met',
      ]),
    ),
  ]
}

/** For `npm run bench`: skipped with BENCH_REPORTS=0. */
export async function reportsPhase(log: (line: string) => void) {
  if (process.env.BENCH_REPORTS === '0') return { lines: [], result: { skipped: 'BENCH_REPORTS=0' } }
  const result = await runReportsBench(log)
  return { lines: [...reportsLines(result), ''], result }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runReportsBench((line) => process.stderr.write(`${line}\n`))
  process.stdout.write(`${reportsLines(result).join('\n')}\n`)
  if (result.endpoints.some((e) => !e.ok)) process.exitCode = 1
}
