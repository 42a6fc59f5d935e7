import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'
import { freePort } from './child-process.js'

const DOVECOT = '/usr/sbin/dovecot'

/**
 * Whether Debian's dovecot-imapd can run here. With CI=true a missing dovecot is a failure (`.ci/run`
 * installs it), never a silent skip.
 */
export function dovecotAvailable(): boolean {
  const present = existsSync(DOVECOT) && process.getuid?.() === 0
  if (!present && process.env.CI === 'true')
    throw new Error('CI=true but dovecot-imapd is not installed (or not running as root): the IMAP suites must run')
  return present
}

export interface Dovecot {
  readonly port: number
  /** `imap://user:pass@127.0.0.1:PORT` for a mailbox. */
  url(user: string): string
  /** Delivers a message into the user's INBOX (IMAP APPEND), as an incoming reply would arrive. */
  append(user: string, raw: string): Promise<void>
  close(): Promise<void>
}

/** A real IMAP server on loopback: one fresh Maildir per call, a free port, plain LOGIN. */
export async function startDovecot(users: readonly string[], password = 'secret'): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-dovecot-'))
  chmodSync(dir, 0o755)
  for (const sub of ['run', 'mail']) mkdirSync(join(dir, sub))
  const port = await freePort()
  writeFileSync(join(dir, 'passwd'), users.map((u) => `${u}:{PLAIN}${password}\n`).join(''))
  const configFile = join(dir, 'dovecot.conf')
  writeFileSync(
    configFile,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
}
log_path = ${dir}/dovecot.log
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
`,
  )
  execFileSync('chown', ['-R', 'dovecot:dovecot', join(dir, 'mail')])
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', configFile], { stdio: 'ignore' })
  await waitForPort(port, child)

  return {
    port,
    url: (user) => `imap://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}`,
    async append(user, raw) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port,
        secure: false,
        auth: { user, pass: password },
        logger: false,
      })
      await client.connect()
      await client.append('INBOX', raw)
      await client.logout()
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`dovecot exited with ${child.exitCode}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`dovecot did not listen on ${port}`)
}
