import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStore, webUsersRepository } from '../src/store/index.js'
import { verifyPassword } from '../src/web/auth/passwords.js'
import { saveUser } from '../src/web/index.js'
import { REPO_ROOT } from './support/child-process.js'
import { TEAM_YAML } from './support/web-fixtures.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-users-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const config = join(dir, 'leadrelay.config.yaml')
writeFileSync(config, TEAM_YAML)
const env = { DATABASE_URL: `sqlite:${join(dir, 'l.db')}`, LEADRELAY_CONFIG: config }

function leadrelay(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    )
    child.stdin?.end(stdin ?? '')
  })
}

async function storedUser(email: string) {
  const store = await createStore({
    url: env.DATABASE_URL,
    sqliteSynchronous: 'FULL',
    postgresPoolSize: 1,
    commitTimeoutMs: 2000,
  })
  try {
    return await webUsersRepository.findUserByEmail(store.db, email)
  } finally {
    await store.close()
  }
}

// Each case starts the CLI (tsx) in a child process: seconds apiece on a busy machine.
describe('leadrelay users', { timeout: 120_000 }, () => {
  it('adds a rep linked to a team member with a password from stdin, stored as an scrypt hash', async () => {
    const added = await leadrelay(
      [
        'users',
        'add',
        'Ana@Example.com',
        '--name',
        'Ana Ortiz',
        '--role',
        'rep',
        '--member',
        'ana',
        '--password-stdin',
      ],
      'a long enough password\n',
    )
    expect(added.stderr).toBe('')
    expect(added.stdout).toContain('saved ana@example.com (rep, member ana)')
    const user = await storedUser('ana@example.com')
    expect(user?.password_hash).toMatch(/^scrypt\$/)
    expect(user?.password_hash).not.toContain('a long enough password')
    expect(await verifyPassword('a long enough password', user?.password_hash ?? '')).toBe(true)

    const list = await leadrelay(['users', 'list'])
    expect(list.stdout).toMatch(/ana@example\.com\s+Ana Ortiz\s+rep\s+ana/)
  })

  it('refuses a bad role with exit code 2 and stores nothing', async () => {
    const res = await leadrelay(
      ['users', 'add', 'x@example.com', '--name', 'X', '--role', 'boss', '--password-stdin'],
      'long password here\n',
    )
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('role must be one of admin, manager, rep')
    expect(await storedUser('x@example.com')).toBeUndefined()
  })

  it('resets a password and removes a user', async () => {
    await leadrelay(
      ['users', 'add', 'm@example.com', '--name', 'M', '--role', 'manager', '--password-stdin'],
      'first password 1\n',
    )
    const reset = await leadrelay(
      ['users', 'reset-password', 'm@example.com', '--password-stdin'],
      'second password 2\n',
    )
    expect(reset.stdout).toContain('sessions are ended')
    expect(await verifyPassword('second password 2', (await storedUser('m@example.com'))?.password_hash ?? '')).toBe(
      true,
    )
    expect((await leadrelay(['users', 'remove', 'm@example.com'])).code).toBe(0)
    expect(await storedUser('m@example.com')).toBeUndefined()
    const again = await leadrelay(['users', 'remove', 'm@example.com'])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('no user m@example.com')
  })

  it('refuses to prompt when standard input is not a terminal', async () => {
    const res = await leadrelay(['users', 'add', 'y@example.com', '--name', 'Y', '--role', 'admin'])
    expect(res.code).toBe(2)
    expect(res.stderr).toContain('--password-stdin')
  })
})
