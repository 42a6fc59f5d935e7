// Dashboard phase of `npm run bench` (also `npx tsx bench/dashboard.ts` alone): server time of the Leads
// page and of a lead page over 100,000 leads in SQLite, measured with Fastify's inject (no network), signed
// in as a manager (every lead) and as a rep (their own). Target: under 150 ms at p95.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import type { NewLeadRow } from '../src/store/index.js'
import { saveUser } from '../src/web/index.js'
import { fmt, table } from './format.js'

const TARGET_MS = 150
const MEMBERS = ['ana', 'ben', 'cara', 'erin', 'sam'] as const
const TEAM = `
team:
  fallbackOwner: sam
  members:
${MEMBERS.map((id) => `    - { id: ${id}, name: ${id.toUpperCase()} Example, timeZone: America/New_York }`).join('\n')}
`
const FIRST = ['Ana', 'Ben', 'Cara', 'Dev', 'Erin', 'Fay', 'Gus', 'Hana', 'Ivan', 'Jo']
const LAST = ['Smith', 'Lopez', 'Nguyen', 'Patel', 'Okafor', 'Kim', 'Rossi', 'Cohen', 'Silva', 'Moore']

export interface DashboardBenchResult {
  readonly leads: number
  readonly seedSeconds: number
  readonly pages: readonly { name: string; url: string; p50Ms: number; p95Ms: number; maxMs: number; met: boolean }[]
}

function leadRow(i: number, now: number): NewLeadRow {
  const first = FIRST[i % FIRST.length] ?? 'Ana'
  const last = LAST[Math.floor(i / 10) % LAST.length] ?? 'Smith'
  const at = now - i * 300_000
  const email = `${first}.${last}${i}@example${i % 97}.com`.toLowerCase()
  const fields = {
    firstName: first,
    lastName: last,
    email,
    jobTitle: i % 3 === 0 ? 'VP Sales' : 'Account Executive',
    company: `Company ${i % 5000}`,
    companySize: '201-500',
    state: 'CA',
    country: 'US',
    warnings: [],
  }
  const priority = i % 10 === 0 ? 'hot' : i % 3 === 0 ? 'warm' : 'cold'
  return {
    id: `bench-${String(i).padStart(6, '0')}`,
    urn: `urn:li:leadGenFormResponse:bench-${i}`,
    status: i % 200 === 0 ? 'deleted' : 'enriched',
    lead_type: 'SPONSORED',
    form_id: String(7_000_000 + (i % 20)),
    form_version: 1,
    owner: '{"sponsoredAccount":"urn:li:sponsoredAccount:1"}',
    submitted_at: at - 2000,
    received_at: at,
    test: i % 50 === 0 ? 1 : 0,
    source: 'webhook',
    fields: JSON.stringify(fields),
    custom_answers: JSON.stringify([{ questionId: 1, question: 'Budget?', answer: '$10k-$50k' }]),
    consents: JSON.stringify([{ id: 1, text: 'Contact me', accepted: true }]),
    hidden_fields: JSON.stringify({ utm_source: 'linkedin' }),
    raw_response: JSON.stringify({ id: i, answers: fields, padding: 'x'.repeat(1200) }),
    search_text: `${first} ${last} ${email} company ${i % 5000}`.toLowerCase(),
    fetched_at: at,
    created_at: at,
    updated_at: at,
    score: priority === 'hot' ? 80 : priority === 'warm' ? 50 : 10,
    priority,
    owner_id: MEMBERS[i % MEMBERS.length] ?? 'sam',
    routing: JSON.stringify({
      score: {
        score: 50,
        priority,
        contributions: [{ rule: 'Decision maker', points: 30, explanation: 'jobTitle matches' }],
      },
      decision: {
        ownerId: MEMBERS[i % MEMBERS.length],
        ruleName: 'Everyone',
        strategy: 'round-robin',
        ownerUnavailable: null,
        reasons: [],
        skipped: [],
      },
    }),
    assigned_at: at,
    acked_at: i % 4 === 0 ? at + 60_000 : null,
    campaign: 'urn:li:sponsoredCampaign:1',
  }
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0

export async function runDashboardBench(
  options: { leads?: number; samples?: number; log?: (line: string) => void } = {},
) {
  const count = options.leads ?? Number(process.env.BENCH_DASHBOARD_LEADS ?? 100_000)
  const samples = options.samples ?? 30
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-bench-dashboard-'))
  const password = 'bench password 123'
  const loaded = loadConfig({
    env: {
      DATABASE_URL: `sqlite:${join(dir, 'dashboard.db')}`,
      LEADRELAY_ROLE: 'web',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
    },
    fileText: TEAM,
  })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
  const { createLogger } = await import('../src/util/logger.js')
  const relay = await createLeadRelay(loaded.value, { logger: createLogger({ level: 'silent' }) })
  try {
    await relay.start()
    const db = relay.store.db
    const now = Date.now()
    const seedStarted = Date.now()
    log(`  dashboard: seeding ${count} leads with timelines and deliveries`)
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => leadRow(start + k, now))
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('leads').values(rows).execute()
        await trx
          .insertInto('lead_timeline')
          .values(
            rows.flatMap((r) =>
              ['received', 'fetched', 'routed', 'alert-delivered'].map((kind, k) => ({
                lead_id: r.id,
                at: r.received_at + k,
                kind,
                detail: `${kind} detail`,
              })),
            ),
          )
          .execute()
        await trx
          .insertInto('deliveries')
          .values(
            rows.flatMap((r) =>
              ['sales-slack', 'sales-email'].map((channel) => ({
                lead_id: r.id,
                channel,
                kind: 'new-lead',
                idempotency_key: `${r.id}:${channel}:new-lead`,
                state: 'delivered' as const,
                attempts: 1,
                last_error: null,
                external_id: null,
                digest_id: null,
                created_at: r.received_at,
                delivered_at: r.received_at,
                updated_at: r.received_at,
              })),
            ),
          )
          .execute()
      })
    }
    const seedSeconds = (Date.now() - seedStarted) / 1000
    for (const [email, role, memberId] of [
      ['manager@example.com', 'manager', undefined],
      ['ana@example.com', 'rep', 'ana'],
    ] as const) {
      await saveUser(relay.store, loaded.value.team, { email, name: email, role, memberId, password }, now)
    }
    const app = relay.server
    if (!app) throw new Error('no web server')
    const signIn = async (email: string) => {
      const form = await app.inject({ url: '/login' })
      const cookie = String([form.headers['set-cookie']].flat()[0]).split(';')[0] ?? ''
      const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? ''
      const res = await app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
        payload: new URLSearchParams({ _csrf: token, email, password, next: '/leads' }).toString(),
      })
      return (
        String([res.headers['set-cookie']].flat().find((c) => c?.startsWith('leadrelay_session='))).split(';')[0] ?? ''
      )
    }
    const manager = await signIn('manager@example.com')
    const rep = await signIn('ana@example.com')
    const deep = await app.inject({ url: '/leads', headers: { cookie: manager } })
    const older = /href="(\/leads\?cursor=[^"]+)"/.exec(deep.body)?.[1]?.replaceAll('&amp;', '&') ?? '/leads'
    const middle = `bench-${String(Math.floor(count / 2)).padStart(6, '0')}`
    const cases = [
      ['Leads, manager (all leads)', '/leads', manager],
      ['Leads, rep (own leads)', '/leads', rep],
      ['Leads, hot only', '/leads?priority=hot', manager],
      ['Leads, search', '/leads?q=okafor', manager],
      // Worst cases: nothing matches, so every lead is looked at.
      ['Leads, search, no match', '/leads?q=zzzz', manager],
      ['Leads, failed only (none)', '/leads?status=failed', manager],
      ['Leads, campaign (none)', '/leads?campaign=urn%3Ali%3AsponsoredCampaign%3A9', manager],
      ['Leads, second page', older, manager],
      ['Lead page', `/leads/${middle}`, manager],
      [
        'Lead page, rep',
        `/leads/bench-${String(Math.floor(count / 2) - (Math.floor(count / 2) % 5)).padStart(6, '0')}`,
        rep,
      ],
    ] as const
    const pages = []
    for (const [name, url, cookie] of cases) {
      const times: number[] = []
      for (let i = 0; i < samples + 3; i++) {
        const started = process.hrtime.bigint()
        const res = await app.inject({ url, headers: { cookie } })
        const ms = Number(process.hrtime.bigint() - started) / 1e6
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`)
        if (i >= 3) times.push(ms)
      }
      times.sort((a, b) => a - b)
      const p95 = percentile(times, 0.95)
      pages.push({
        name,
        url,
        p50Ms: percentile(times, 0.5),
        p95Ms: p95,
        maxMs: times.at(-1) ?? 0,
        met: p95 < TARGET_MS,
      })
    }
    return { leads: count, seedSeconds, pages } satisfies DashboardBenchResult
  } finally {
    await relay.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function dashboardLines(result: DashboardBenchResult): string[] {
  return [
    `D. Dashboard server time over ${result.leads} SQLite leads (inject, no network; seeded in ${fmt(result.seedSeconds, 1)} s)`,
    table(
      ['page', 'p50 ms', 'p95 ms', 'max ms', `< ${TARGET_MS} ms`],
      result.pages.map((p) => [p.name, fmt(p.p50Ms), fmt(p.p95Ms), fmt(p.maxMs), p.met ? 'met' : 'NOT met']),
    ),
  ]
}

/** For `npm run bench`: skipped with BENCH_DASHBOARD=0. */
export async function dashboardPhase() {
  if (process.env.BENCH_DASHBOARD === '0') return { lines: [], result: { skipped: 'BENCH_DASHBOARD=0' } }
  const result = await runDashboardBench()
  return { lines: [...dashboardLines(result), ''], result }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runDashboardBench()
  process.stdout.write(`${dashboardLines(result).join('\n')}\n`)
}
