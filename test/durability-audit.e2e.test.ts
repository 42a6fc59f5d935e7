import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRelayChild } from './hardening/relay-child.js'
import { auditTrace } from './hardening/strace-audit.js'
import { exited, REPO_ROOT } from './support/child-process.js'
import { leadNotification, signedHeaders } from './support/linkedin.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-strace-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const strace = (trace: string) => (args: string[], env: Record<string, string>) =>
  // -yy names each fd (the WAL file, the TCP peer), -s keeps whole WAL pages so the URN can be found.
  spawn(
    'strace',
    [
      '-f',
      '-qq',
      '-yy',
      '-s',
      '8192',
      '-e',
      'trace=write,writev,pwrite64,pwritev,fdatasync,fsync',
      '-o',
      trace,
      process.execPath,
      '--import',
      'tsx',
      'src/main.ts',
      ...args,
    ],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )

/** SIGTERM goes to the traced LeadRelay (strace's child); strace exits with it. */
async function stopTraced(child: ChildProcess) {
  const pid = child.pid as number
  const tracees = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
  for (const tracee of tracees) process.kill(Number(tracee), 'SIGTERM')
  await exited(child)
}

/** One notification per connection, so the client port names the notification in the trace. */
function send(port: number, urnByPort: Map<number, string>): Promise<number> {
  const notification = leadNotification()
  const body = JSON.stringify(notification)
  const headers = Object.entries(signedHeaders(body))
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      urnByPort.set(socket.localPort as number, notification.leadGenFormResponse as string)
      socket.end(
        `POST /webhooks/linkedin HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n${headers}\r\n${body}`,
      )
    })
    let head = ''
    socket.on('data', (chunk) => (head += chunk.toString('latin1')))
    socket.on('error', reject)
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)))
  })
}

const available = await new Promise<boolean>((resolve) => {
  const probe = spawn('strace', ['-V'], { stdio: 'ignore' })
  probe.on('error', () => resolve(false))
  probe.on('exit', (code) => resolve(code === 0))
})
if (!available && process.env.CI === 'true') throw new Error('strace is required in CI for the durability audit')

describe.skipIf(!available)('durability audit under strace', () => {
  it('syncs the WAL after each acknowledged event is written and before its 2xx, across a restart', async () => {
    const env = { WORKER_CONCURRENCY: '1', SQLITE_SYNCHRONOUS: 'FULL' }
    for (const round of ['open', 'reopen']) {
      const trace = join(dir, `${round}.trace`)
      const relay = await startRelayChild(dir, env, { command: strace(trace) })
      const urnByPort = new Map<number, string>()
      const statuses: number[] = []
      // Bursts of concurrent notifications, so group commits hold several events each.
      for (let burst = 0; burst < 10; burst++) {
        statuses.push(...(await Promise.all(Array.from({ length: 8 }, () => send(relay.port, urnByPort)))))
      }
      await stopTraced(relay.child)
      expect(
        statuses.every((s) => s === 200),
        `${round}: ${statuses.join(',')}`,
      ).toBe(true)
      const audit = auditTrace(trace, urnByPort)
      expect(audit.acknowledgements, round).toBe(80)
      expect(audit.neverWritten, round).toEqual([])
      expect(audit.unsynced, round).toEqual([])
      expect(audit.walSyncs, round).toBeGreaterThan(0)
    }
  }, 180_000)

  it('fails the audit at SQLITE_SYNCHRONOUS=NORMAL, which acknowledges before any WAL sync', async () => {
    const trace = join(dir, 'normal.trace')
    const relay = await startRelayChild(
      join(dir),
      { SQLITE_SYNCHRONOUS: 'NORMAL', DATABASE_URL: `sqlite:${dir}/normal.db` },
      { command: strace(trace) },
    )
    const urnByPort = new Map<number, string>()
    for (let i = 0; i < 10; i++) await send(relay.port, urnByPort)
    await stopTraced(relay.child)
    const audit = auditTrace(trace, urnByPort)
    expect(audit.acknowledgements).toBe(10)
    expect(audit.unsynced.length).toBeGreaterThan(0)
  }, 120_000)
})
