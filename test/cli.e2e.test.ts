import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { createReceiveNotification } from '../src/pipeline/index.js'
import { createStore, leadsRepository, migrateStore } from '../src/store/index.js'
import { systemClock } from '../src/util/clock.js'
import { REPO_ROOT } from './support/child-process.js'
import { leadNotification, signedHeaders, TEST_SECRET } from './support/linkedin.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'leadrelay-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function leadrelay(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('leadrelay CLI', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await leadrelay(['--help'])
    expect(code).toBe(0)
    for (const command of ['start', 'migrate', 'config', 'events']) expect(stdout).toContain(command)
  })

  it('refuses to start on a bad value, naming the key, with a non-zero exit code', async () => {
    const { code, stderr } = await leadrelay(['start'], { PORT: 'eighty', DATABASE_URL: `sqlite:${dir}/x.db` })
    expect(code).toBe(2)
    expect(stderr).toContain('PORT (server.port)')
  })

  it('reads leadrelay.config.yaml from LEADRELAY_CONFIG and says when the file is missing', async () => {
    const file = join(dir, 'leadrelay.config.yaml')
    writeFileSync(file, 'server:\n  port: 9443\nlinkedin:\n  clientId: abc123\n')
    const { stdout } = await leadrelay(['config', 'check'], { LEADRELAY_CONFIG: file })
    expect(stdout).toMatch(/port: 9443/)
    expect(stdout).toMatch(/clientId: abc123/)
    const missing = await leadrelay(['config', 'check'], { LEADRELAY_CONFIG: join(dir, 'nope.yaml') })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('does not exist')
  })

  it('prints the effective configuration with secrets masked', async () => {
    const { code, stdout } = await leadrelay(['config', 'check'], {
      LINKEDIN_CLIENT_SECRET: 'a-very-secret-client-secret',
      DATABASE_URL: 'postgres://app:hunter2@db.internal:5432/leadrelay',
    })
    expect(code).toBe(0)
    expect(stdout).toContain('configuration is valid')
    expect(stdout).not.toContain('a-very-secret')
    expect(stdout).not.toContain('hunter2')
  })

  it('migrates once, then reports the database up to date', async () => {
    const env = { DATABASE_URL: `sqlite:${dir}/migrate.db` }
    expect((await leadrelay(['migrate'], env)).stdout).toContain('applied: 2026-11-27-000-initial')
    expect((await leadrelay(['migrate'], env)).stdout).toContain('database is up to date')
  })

  it('prints received events as a table, newest first', async () => {
    const url = `sqlite:${dir}/events.db`
    const store = await createStore({ url, sqliteSynchronous: 'FULL', postgresPoolSize: 1, commitTimeoutMs: 2000 })
    await migrateStore(store)
    const receive = createReceiveNotification({
      secrets: { current: TEST_SECRET },
      inbox: store.inbox,
      clock: systemClock,
    })
    const older = JSON.stringify(
      leadNotification({ leadType: 'EVENT', owner: { organization: 'urn:li:organization:1' } }),
    )
    const newer = JSON.stringify(leadNotification())
    for (const body of [older, newer]) {
      await receive({ rawBody: Buffer.from(body), signature: signedHeaders(body)['x-li-signature'] })
    }
    await store.close()

    const { stdout } = await leadrelay(['events'], { DATABASE_URL: url })
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^ID\s+RECEIVED \(UTC\)\s+ACTION\s+TYPE\s+STATUS\s+LEAD$/)
    expect(lines[1]).toContain('SPONSORED')
    expect(lines[2]).toContain('EVENT')
    expect(lines[1]).toContain(JSON.parse(newer).leadGenFormResponse)
  })

  it('stores a token with auth set, encrypted at rest, and shows it with auth status', async () => {
    const env = { DATABASE_URL: `sqlite:${dir}/auth.db`, LEADRELAY_SECRET_KEY: 'cli-test-secret-key-123' }
    const set = await leadrelay(
      ['auth', 'set', '--access-token', 'AQV-secret-token', '--refresh-token', 'AQX-refresh', '--expires-in', '3600'],
      env,
    )
    expect(set.code).toBe(0)
    const status = await leadrelay(['auth', 'status'], { ...env, DISPLAY_TIME_ZONE: 'America/Los_Angeles' })
    expect(status.stdout).toContain('connected:        yes (token from cli)')
    expect(status.stdout).toMatch(/access expires: {3}\d\d\/\d\d\/\d{4} \d\d:\d\d [AP]M P[SD]T/)
    const store = await createStore({
      url: env.DATABASE_URL,
      sqliteSynchronous: 'FULL',
      postgresPoolSize: 1,
      commitTimeoutMs: 2000,
    })
    const rows = JSON.stringify(await store.db.selectFrom('linkedin_tokens').selectAll().execute())
    await store.close()
    expect(rows).not.toContain('AQV-secret-token')
    expect(rows).not.toContain('AQX-refresh')
  })

  it('prints a one-time sign-in link with auth login, and says what is missing without a client id', async () => {
    const env = { DATABASE_URL: `sqlite:${dir}/login.db`, PUBLIC_URL: 'https://leads.example.com' }
    const missing = await leadrelay(['auth', 'login'], env)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('LINKEDIN_CLIENT_ID')
    const login = await leadrelay(['auth', 'login'], {
      ...env,
      LINKEDIN_CLIENT_ID: 'id',
      LINKEDIN_CLIENT_SECRET: 'secret',
    })
    expect(login.stdout).toMatch(/https:\/\/leads\.example\.com\/auth\/linkedin\?state=[\w-]{20,}/)
  })

  it('lists leads and shows one, with times in the configured zone', async () => {
    const url = `sqlite:${dir}/leads.db`
    const store = await createStore({ url, sqliteSynchronous: 'FULL', postgresPoolSize: 1, commitTimeoutMs: 2000 })
    await migrateStore(store)
    const at = Date.UTC(2026, 6, 4, 19, 5)
    await leadsRepository.insertLeadIfNew(store.db, {
      id: 'abc-1',
      urn: 'urn:li:leadGenFormResponse:abc-1',
      status: 'enriched',
      lead_type: 'SPONSORED',
      received_at: at,
      submitted_at: at,
      source: 'webhook',
      test: 0,
      fields: JSON.stringify({ firstName: 'Ann', lastName: 'Lee', company: 'Acme', warnings: [] }),
      created_at: at,
      updated_at: at,
    })
    await leadsRepository.addTimeline(store.db, 'abc-1', 'received', at, 'notification 7')
    await store.close()
    const env = { DATABASE_URL: url, DISPLAY_TIME_ZONE: 'America/Los_Angeles' }
    const list = await leadrelay(['leads'], env)
    expect(list.stdout.split('\n')[1]).toMatch(
      /^abc-1\s+07\/04\/2026 12:05 PM PDT\s+SPONSORED\s+enriched\s+Ann Lee\s+Acme/,
    )
    const show = await leadrelay(['leads', 'show', 'urn:li:leadGenFormResponse:abc-1'], env)
    expect(show.stdout).toContain('firstName: Ann')
    expect(show.stdout).toContain('07/04/2026 12:05 PM PDT  received  notification 7')
    expect((await leadrelay(['leads', 'show', 'nope'], env)).code).toBe(1)
  })
})
