import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createSimulator, currentVersion } from '../src/simulator/index.js'
import { systemClock } from '../src/util/clock.js'
import { silentLogger } from '../src/util/logger.js'
import { exited, freePort, spawnLeadRelay, waitUntilReady } from './support/child-process.js'
import { startWebhookReceiver } from './support/fakes/webhook-receiver.js'

const dir = mkdtempSync(join(tmpdir(), 'leadrelay-backfill-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const SECRET = `whsec_${Buffer.from('backfill-kill-secret-0123456789ab').toString('base64')}`
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const API_TOKEN = 'backfill-api-token-0123456789-0123456789'

function query<T>(file: string, sql: string): T {
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return db.prepare(sql).get() as T
  } finally {
    db.close()
  }
}

describe('a year-long backfill survives 429s and kill -9', () => {
  it('completes with exactly the leads LinkedIn holds, and alerts only the fresh ones', async () => {
    const simulator = createSimulator({
      clientId: 'bf-client',
      clientSecret: 'bf-secret',
      logger: silentLogger,
      seed: 11,
      accessToken: 'AQ-backfill-static',
    })
    simulator.seedHistory(2000, 365, { formId: 7234246, testShare: 0 })
    const expected = simulator.store.leadsOf({ sponsoredAccount: ACCOUNT }, 'SPONSORED').filter((l) => !l.testLead)
    expect(expected.length).toBeGreaterThanOrEqual(2000)
    const simulatorUrl = await simulator.start(0)
    const receiver = await startWebhookReceiver({ secret: SECRET })
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    const file = join(dir, 'leadrelay.db')
    const env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${file}`,
      LINKEDIN_CLIENT_ID: 'bf-client',
      LINKEDIN_CLIENT_SECRET: 'bf-secret',
      LINKEDIN_API_URL: simulatorUrl,
      LINKEDIN_OAUTH_URL: simulatorUrl,
      LINKEDIN_VERSION: currentVersion(systemClock),
      LINKEDIN_ACCESS_TOKEN: 'AQ-backfill-static',
      LEADRELAY_API_TOKEN: API_TOKEN,
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: SECRET,
      WORKER_LEASE_MS: '1000',
      LOG_LEVEL: 'silent',
    }
    let child = spawnLeadRelay(['start'], env)
    try {
      await waitUntilReady(url, child)
      const subscribed = await fetch(`${url}/api/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ owner: ACCOUNT, leadType: 'SPONSORED', webhook: `${url}/webhooks/linkedin` }),
      })
      expect(subscribed.status).toBe(201)

      const progress = () =>
        query<{ n: number } | undefined>(file, "SELECT linkedin_count AS n FROM pulls WHERE kind = 'backfill'")?.n ?? 0
      // 429s midway: LinkedIn throttles the pull twice, with and without Retry-After.
      await expect.poll(progress, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(500)
      simulator.faults.add({
        endpoint: 'leadFormResponses',
        kind: '429-retry-after',
        count: 1,
        retryAfterSeconds: 1,
        delayMs: 0,
      })
      simulator.faults.add({
        endpoint: 'leadFormResponses',
        kind: '429-retry-after',
        count: 1,
        retryAfterSeconds: 1,
        delayMs: 0,
      })
      // Killed halfway.
      await expect.poll(progress, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(1000)
      child.kill('SIGKILL')
      await exited(child)
      expect(progress()).toBeLessThan(expected.length)

      child = spawnLeadRelay(['start'], env)
      await waitUntilReady(url, child)
      await expect
        .poll(() => query<{ state: string }>(file, "SELECT state FROM pulls WHERE kind = 'backfill'").state, {
          timeout: 120_000,
          interval: 200,
        })
        .toBe('done')

      const stored = new BetterSqlite3(file, { readonly: true })
      const ids = stored.prepare('SELECT id FROM leads').all() as { id: string }[]
      const enriched = stored.prepare("SELECT count(*) AS n FROM leads WHERE status = 'enriched'").get() as {
        n: number
      }
      stored.close()
      expect(new Set(ids.map((l) => l.id))).toEqual(new Set(expected.map((l) => l.id)))
      expect(ids).toHaveLength(expected.length)
      expect(enriched.n).toBe(expected.length)

      // Both 429s were served to the pull.
      expect(simulator.faults.list()).toEqual([])
      const fresh = expected.filter((l) => Date.now() - l.submittedAt <= 24 * 3_600_000).length
      await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBe(fresh)
      expect(fresh).toBeLessThan(20)
    } finally {
      child.kill('SIGTERM')
      await exited(child)
      await receiver.close()
      await simulator.stop()
    }
  }, 240_000)
})
