import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { createReceiveNotification } from '../src/pipeline/index.js'
import { createStore, migrateStore } from '../src/store/index.js'
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
})
