import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutcomes } from '../src/outcomes/index.js'
import { createStore, leadsRepository, migrateStore, type Store } from '../src/store/index.js'
import { createManualClock } from '../src/util/clock.js'
import { REPO_ROOT } from './support/child-process.js'
import { FIXTURE_OUTCOMES_CONFIG, FIXTURE_TEAM_YAML, seedReportFixture } from './support/report-fixture.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'leadrelay-report-cli-'))
const env = {
  PATH: process.env.PATH ?? '',
  DATABASE_URL: `sqlite:${join(dir, 'leadrelay.db')}`,
  LEADRELAY_CONFIG: join(dir, 'leadrelay.config.yaml'),
  SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack',
}
let store: Store

async function leadrelay(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

beforeAll(async () => {
  writeFileSync(env.LEADRELAY_CONFIG, FIXTURE_TEAM_YAML)
  store = await createStore({
    url: env.DATABASE_URL,
    sqliteSynchronous: 'NORMAL',
    postgresPoolSize: 1,
    commitTimeoutMs: 2000,
  })
  await migrateStore(store)
  const clock = createManualClock(0)
  await seedReportFixture(store, clock, createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store, clock }))
})
afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('leadrelay report and leads outcome', () => {
  const window = ['--since', '2026-11-23T00:00:00Z', '--to', '2026-12-01T00:00:00Z']

  it('prints the speed-to-lead report by owner, as a table and as the API JSON', async () => {
    const table = await leadrelay(['report', 'speed', ...window, '--by', 'owner'])
    expect(table.code).toBe(0)
    const lines = table.stdout.split('\n')
    expect(lines[1]).toMatch(/^GROUP\s+LEADS\s+ALERT P50\s+ACK P50/)
    expect(lines.find((l) => l.startsWith('Ann Archer'))).toMatch(
      /^Ann Archer\s+3\s+2\.0m\s+980\.0m\s+2850\.0m\s+20\.0m/,
    )
    const json = JSON.parse((await leadrelay(['report', 'speed', ...window, '--by', 'owner', '--json'])).stdout)
    expect(json.total).toMatchObject({ leads: 6, toAck: { p50Ms: 12 * 60_000 } })
  })

  it('prints conversion by form and refuses an unknown grouping', async () => {
    const conversion = await leadrelay(['report', 'conversion', ...window, '--by', 'form'])
    expect(conversion.stdout).toMatch(/Pricing, 2026\s+3/)
    const bad = await leadrelay(['report', 'conversion', '--by', 'colour'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--by')
  })

  it('records an outcome from the command line, on the lead’s timeline', async () => {
    const won = await leadrelay([
      'leads',
      'outcome',
      '5',
      'won',
      '--amount',
      '4000',
      '--currency',
      'EUR',
      '--by',
      'bob',
    ])
    expect(won.stdout).toBe('lead 5 is now won\n')
    const row = await leadsRepository.getLead(store.db, '5')
    expect(row).toMatchObject({ outcome: 'won', won_amount: 4000, won_currency: 'EUR', outcome_by: 'bob' })
    const missing = await leadrelay(['leads', 'outcome', '5', 'disqualified'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('--reason')
  })
})
