import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLeadRelay, type LeadRelay } from '../src/app.js'
import { loadConfig } from '../src/config/index.js'
import { leadsRepository } from '../src/store/index.js'
import { silentLogger } from '../src/util/logger.js'
import { dialectsUnderTest } from './support/dialects.js'
import { leadNotification, signedHeaders, TEST_SECRET } from './support/linkedin.js'

const postgres = dialectsUnderTest().some((d) => d.name === 'postgres')
const baseUrl = process.env.TEST_DATABASE_URL ?? ''

describe.runIf(postgres)('postgres: separate web and worker processes', () => {
  const schema = `scale_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  let web: LeadRelay
  let worker: LeadRelay
  let url: string | undefined

  function relay(role: 'web' | 'worker') {
    const databaseUrl = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
    const config = loadConfig({
      env: {
        DATABASE_URL: databaseUrl,
        LEADRELAY_ROLE: role,
        HOST: '127.0.0.1',
        PORT: '0',
        LINKEDIN_CLIENT_SECRET: TEST_SECRET,
        // Far longer than the test: only NOTIFY can wake the worker in time.
        WORKER_POLL_INTERVAL_MS: '600000',
      },
    })
    if (!config.ok) throw new Error(JSON.stringify(config.error))
    return createLeadRelay(config.value, { logger: silentLogger })
  }

  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    web = await relay('web')
    worker = await relay('worker')
    ;({ url } = await web.start())
    await worker.start()
  })
  afterAll(async () => {
    await web?.stop()
    await worker?.stop()
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })

  it('has no worker in the web process and no HTTP server in the worker process', () => {
    expect(web.worker).toBeUndefined()
    expect(worker.server).toBeUndefined()
  })

  it('hands a notification received by the web process to the worker process at once', async () => {
    const notification = leadNotification()
    const body = JSON.stringify(notification)
    const res = await fetch(`${url}/webhooks/linkedin`, { method: 'POST', body, headers: signedHeaders(body) })
    expect(res.status).toBe(200)
    // Only the worker process writes lead rows.
    const leadId = String(notification.leadGenFormResponse).split(':').at(-1) as string
    await expect
      .poll(async () => (await leadsRepository.getTimeline(web.store.db, leadId)).map((t) => t.kind)[0], {
        timeout: 10_000,
      })
      .toBe('received')
  })
})
