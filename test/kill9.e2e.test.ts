import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { exited, freePort, spawnLeadRelay, waitUntilReady } from './support/child-process.js'
import { leadNotification, signedHeaders } from './support/linkedin.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-kill9-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('durability under kill -9', () => {
  it('keeps every acknowledged notification when the process is killed mid-stream', async () => {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'leadrelay.db')}`,
      LINKEDIN_CLIENT_SECRET: 'test-client-secret',
      LOG_LEVEL: 'warn',
      // Jobs the killed worker held come back when their lease ends; a short lease keeps the test short.
      WORKER_LEASE_MS: '1000',
    }
    const child = spawnLeadRelay(['start'], env)
    await waitUntilReady(url, child)

    const acknowledged: string[] = []
    let stop = false
    // 16 senders keep requests in flight at the moment of the kill, as LinkedIn's deliveries would be.
    const senders = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const notification = leadNotification()
        const body = JSON.stringify(notification)
        try {
          const res = await fetch(`${url}/webhooks/linkedin`, { method: 'POST', body, headers: signedHeaders(body) })
          if (res.status === 200) acknowledged.push(notification.leadGenFormResponse as string)
        } catch {
          // the connection died with the process: not acknowledged, LinkedIn would resend
        }
      }
    })
    while (acknowledged.length < 400) await new Promise((resolve) => setTimeout(resolve, 5))
    child.kill('SIGKILL')
    await exited(child)
    stop = true
    await Promise.all(senders)

    const db = new BetterSqlite3(env.DATABASE_URL.slice('sqlite:'.length), { readonly: true })
    const stored = new Set(
      db
        .prepare<[], { r: string }>('SELECT lead_gen_form_response AS r FROM events')
        .all()
        .map((row) => row.r),
    )
    db.close()
    const lost = acknowledged.filter((urn) => !stored.has(urn))
    expect(acknowledged.length).toBeGreaterThanOrEqual(400)
    expect(lost).toEqual([])

    // A restart picks up where the dead process stopped: every stored notification reaches the worker
    // (which makes its lead row), including those whose jobs the dead worker held (their lease expires).
    const restarted = spawnLeadRelay(['start'], env)
    try {
      await waitUntilReady(url, restarted)
      await expect
        .poll(
          () => {
            const check = new BetterSqlite3(env.DATABASE_URL.slice('sqlite:'.length), { readonly: true })
            const row = check
              .prepare('SELECT count(*) AS n FROM events WHERE lead_id NOT IN (SELECT id FROM leads)')
              .get() as { n: number }
            check.close()
            return row.n
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe(0)
    } finally {
      restarted.kill('SIGTERM')
      await exited(restarted)
    }
  })
})
