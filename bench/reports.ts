// Reports phase: speed-to-lead and conversion over 100,000 SQLite leads, through the real HTTP API.
// Run alone with `BENCH_REPORTS_ONLY=1 npm run bench` (or `npx tsx bench/reports.ts`); goal: each < 300 ms.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import type { NewLeadRow } from '../src/store/index.js'
import { silentLogger } from '../src/util/logger.js'
import { ROOT } from './children.js'
import { fmt, table } from './format.js'

const TARGET_MS = 300
const API_TOKEN = 'bench-reports-token-0123456789abcdef0123'
const DAY = 86_400_000

const leadCount = Number(process.env.BENCH_REPORTS_LEADS ?? 100_000)
const runs = Number(process.env.BENCH_REPORTS_RUNS ?? 15)

const TEAM_YAML = `team:
  fallbackOwner: m0
  members:
${Array.from({ length: 10 }, (_, i) => `    - { id: m${i}, name: Rep ${i}, timeZone: ${i % 2 ? 'America/Los_Angeles' : 'America/New_York'}, workingHours: { start: "09:00", end: "17:00" } }`).join('\n')}
`

export interface ReportsBenchResult {
  readonly leads: number
  readonly seedSeconds: number
  readonly endpoints: readonly {
    readonly path: string
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

export async function runReportsBench(log: (line: string) => void = console.log): Promise<ReportsBenchResult> {
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
    const relay = await createLeadRelay(loaded.value, { logger: silentLogger })
    const { url } = await relay.start()
    const db = relay.store.db
    const end = Date.UTC(2026, 10, 30)
    const start = end - 30 * DAY
    const random = lcg(13)
    const seedStarted = Date.now()
    const CHUNK = 500
    const outcomes = ['contacted', 'qualified', 'disqualified', 'won', 'lost'] as const
    for (let offset = 0; offset < leadCount; offset += CHUNK) {
      const leads: NewLeadRow[] = []
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
        })
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('leads').values(leads).execute()
      })
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000
    log(`reports: seeded ${leadCount} leads in ${fmt(seedSeconds, 1)} s`)
    const range = `from=${new Date(start).toISOString()}&to=${new Date(end).toISOString()}`
    const endpoints = []
    for (const path of [
      `/api/reports/speed-to-lead?${range}&groupBy=owner`,
      `/api/reports/conversion?${range}&groupBy=owner`,
      `/api/reports/speed-to-lead?${range}&groupBy=day`,
      `/api/reports/conversion?${range}&groupBy=rule`,
    ]) {
      const times: number[] = []
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now()
        const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } })
        const body = (await response.json()) as { total?: { leads?: number } }
        const ms = performance.now() - t0
        if (response.status !== 200 || body.total?.leads !== leadCount - Math.ceil(leadCount / 100))
          throw new Error(`${path}: HTTP ${response.status}, ${body.total?.leads} leads`)
        if (i >= 2) times.push(ms)
      }
      times.sort((a, b) => a - b)
      const at = (p: number) => times[Math.max(0, Math.ceil(p * times.length) - 1)] as number
      endpoints.push({
        path: path.split('?')[0] + path.slice(path.indexOf('&groupBy')),
        p50Ms: at(0.5),
        p90Ms: at(0.9),
        maxMs: at(1),
        ok: at(0.5) < TARGET_MS,
      })
    }
    await relay.stop()
    log(
      table(
        ['reports over SQLite', 'p50 ms', 'p90 ms', 'max ms', `p50 < ${TARGET_MS} ms`],
        endpoints.map((e) => [e.path, fmt(e.p50Ms, 0), fmt(e.p90Ms, 0), fmt(e.maxMs, 0), e.ok ? 'yes' : 'NO']),
      ),
    )
    const result = { leads: leadCount, seedSeconds, endpoints }
    const out = join(ROOT, 'bench/results')
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'reports.json'), `${JSON.stringify(result, null, 2)}\n`)
    return result
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The phase as `npm run bench` runs it: first, unless BENCH_REPORTS=0; true when BENCH_REPORTS_ONLY=1 asks for
 * nothing else.
 */
export async function reportsPhase(log: (line: string) => void): Promise<boolean> {
  if (process.env.BENCH_REPORTS === '0') return false
  await runReportsBench(log)
  return process.env.BENCH_REPORTS_ONLY === '1'
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runReportsBench().then((r) => {
    if (r.endpoints.some((e) => !e.ok)) process.exitCode = 1
  })
}
