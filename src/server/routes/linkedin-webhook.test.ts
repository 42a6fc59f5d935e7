import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  fixture,
  leadNotification,
  PREVIOUS_SECRET,
  signedHeaders,
  TEST_SECRET,
} from '../../../test/support/linkedin.js'
import { buildTestServer, countRows, firstRow, storedRows, type TestServer } from '../../../test/support/test-server.js'
import { signNotification } from '../../linkedin/index.js'
import { StoreUnavailableError } from '../../store/index.js'

let server: TestServer
beforeEach(async () => {
  server = await buildTestServer()
})
afterEach(async () => {
  await server.close()
})

const post = (payload: string | Buffer, headers: Record<string, string>) =>
  server.app.inject({ method: 'POST', url: '/webhooks/linkedin', payload, headers })

describe('GET /webhooks/linkedin (LinkedIn validation challenge)', () => {
  it('answers the challenge with the HMAC of the code, as JSON', async () => {
    const vectors = fixture<{ challenge: { challengeCode: string; challengeResponse: string } }>(
      'signature-vectors.json',
    )
    const res = await server.app.inject({
      method: 'GET',
      url: `/webhooks/linkedin?challengeCode=${vectors.challenge.challengeCode}`,
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json')
    expect(res.json()).toEqual(vectors.challenge)
  })

  it('answers 400 to a missing challengeCode', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/webhooks/linkedin' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toBe('invalid-challenge')
  })

  it('refuses to sign a non-UUID challengeCode, so nobody can mint X-LI-Signature values', async () => {
    const forged = `hmacsha256=${JSON.stringify(leadNotification())}`
    const res = await server.app.inject({
      method: 'GET',
      url: `/webhooks/linkedin?challengeCode=${encodeURIComponent(forged)}`,
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).not.toMatch(/[0-9a-f]{64}/)
  })
})

describe('POST /webhooks/linkedin', () => {
  it('stores a signed notification and its process-lead job, then answers 200', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, signedHeaders(body))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'accepted' })
    const event = await firstRow(server.store, 'events')
    expect(event).toMatchObject({
      status: 'queued',
      lead_action: 'CREATED',
      lead_type: 'SPONSORED',
      raw_bytes: Buffer.from(body),
      signature_variant: 'prefixed-body',
      secret_slot: 'current',
    })
    const job = await firstRow(server.store, 'jobs')
    expect(job).toMatchObject({ name: 'process-lead', state: 'pending' })
    expect(JSON.parse(job.payload)).toEqual({ eventId: event.id })
  })

  it('answers 200 to a duplicate and stores nothing new', async () => {
    const body = JSON.stringify(leadNotification())
    await post(body, signedHeaders(body))
    // LinkedIn may resend the same lead with a new occurredAt; it is still the same notification.
    const again = JSON.stringify({ ...JSON.parse(body), occurredAt: 1689894600000 })
    const res = await post(again, signedHeaders(again))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'duplicate' })
    expect(await countRows(server.store, 'events')).toBe(1)
    expect(await countRows(server.store, 'jobs')).toBe(1)
  })

  it('keeps CREATED and DELETED of the same lead as two events', async () => {
    const created = leadNotification()
    for (const leadAction of ['CREATED', 'DELETED']) {
      const body = JSON.stringify({ ...created, leadAction })
      expect((await post(body, signedHeaders(body))).statusCode).toBe(200)
    }
    expect(await countRows(server.store, 'events')).toBe(2)
  })

  it('answers 401 and stores nothing when the signature header is missing', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, { 'content-type': 'application/json' })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ error: 'invalid-signature', message: expect.stringContaining('missing') })
    expect(await countRows(server.store, 'events')).toBe(0)
  })

  it('answers 401 and stores nothing when the signature is not a hex digest', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, { 'content-type': 'application/json', 'x-li-signature': 'sha1=abcdef' })
    expect(res.statusCode).toBe(401)
    expect(await countRows(server.store, 'events')).toBe(0)
  })

  it('answers 401 and stores nothing when the signature does not match', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, signedHeaders(body, 'not-the-secret'))
    expect(res.statusCode).toBe(401)
    expect(res.json().message).toContain('does not match')
    expect(await countRows(server.store, 'events')).toBe(0)
  })

  it('answers 413 and stores nothing for a body over 64 KiB, before checking anything else', async () => {
    const body = JSON.stringify(leadNotification({ padding: 'x'.repeat(64 * 1024) }))
    const res = await post(body, signedHeaders(body))
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toBe('payload-too-large')
    expect(await countRows(server.store, 'events')).toBe(0)
  })

  it('answers 405 to other methods', async () => {
    const res = await server.app.inject({ method: 'PUT', url: '/webhooks/linkedin' })
    expect(res.statusCode).toBe(405)
    expect(res.headers.allow).toBe('GET, POST')
  })

  it('quarantines a correctly signed body that is not JSON: kept with its reason, answered 2xx, counted', async () => {
    const body = '{"type":"LEAD_ACTION",'
    const res = await post(body, signedHeaders(body))
    expect(res.statusCode).toBe(202)
    const event = await firstRow(server.store, 'events')
    expect(event).toMatchObject({ status: 'quarantined', quarantine_reason: 'body is not valid JSON' })
    expect(Buffer.from(event.raw_bytes as Uint8Array).toString()).toBe(body)
    expect(await countRows(server.store, 'jobs')).toBe(0)
    expect(await server.metrics.registry.getSingleMetricAsString('leadrelay_notifications_total')).toContain(
      'outcome="quarantined"} 1',
    )
  })

  it('quarantines a correctly signed notification of an unknown shape, once', async () => {
    const body = JSON.stringify(leadNotification({ leadAction: 'UPDATED' }))
    await post(body, signedHeaders(body))
    const res = await post(body, signedHeaders(body))
    expect(res.statusCode).toBe(202)
    const events = await storedRows(server.store, 'events')
    expect(events).toHaveLength(1)
    expect(events[0]?.quarantine_reason).toContain('leadAction')
  })

  it('accepts the previous client secret during a rotation and records which secret matched', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, signedHeaders(body, PREVIOUS_SECRET))
    expect(res.statusCode).toBe(200)
    const event = await firstRow(server.store, 'events')
    expect(event.secret_slot).toBe('previous')
  })

  it('accepts the plain-body signature variant and counts it', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, {
      'content-type': 'application/json',
      'x-li-signature': signNotification(body, TEST_SECRET, 'plain-body'),
    })
    expect(res.statusCode).toBe(200)
    expect(await server.metrics.registry.getSingleMetricAsString('leadrelay_signature_variant_total')).toContain(
      'variant="plain-body"} 1',
    )
  })

  it('accepts a hmacsha256=-prefixed header and any content type', async () => {
    const body = JSON.stringify(leadNotification())
    const res = await post(body, {
      'content-type': 'text/plain',
      'x-li-signature': `hmacsha256=${signNotification(body, TEST_SECRET)}`,
    })
    expect(res.statusCode).toBe(200)
  })

  it('is lenient on occurredAt in seconds and a space in the form URN', async () => {
    const body = JSON.stringify(
      leadNotification({
        occurredAt: 1686182358,
        leadGenForm: 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:1, 1)',
      }),
    )
    expect((await post(body, signedHeaders(body))).statusCode).toBe(200)
    const event = await firstRow(server.store, 'events')
    expect(event.occurred_at).toBe(1686182358000)
  })

  it('answers 503 with Retry-After when the store cannot commit, so LinkedIn retries', async () => {
    await server.close()
    server = await buildTestServer({
      inbox: () => ({
        append: async () => {
          throw new StoreUnavailableError('disk full')
        },
      }),
    })
    const body = JSON.stringify(leadNotification())
    const res = await post(body, signedHeaders(body))
    expect(res.statusCode).toBe(503)
    expect(res.headers['retry-after']).toBe('1')
  })

  it('answers 503 when no client secret is configured, rather than accepting unsigned data', async () => {
    await server.close()
    server = await buildTestServer({ env: { LINKEDIN_CLIENT_SECRET: '', LINKEDIN_CLIENT_SECRET_PREVIOUS: '' } })
    const body = JSON.stringify(leadNotification())
    expect((await post(body, signedHeaders(body))).statusCode).toBe(503)
    expect((await server.app.inject({ method: 'GET', url: '/webhooks/linkedin?challengeCode=x' })).statusCode).toBe(503)
  })

  it('never writes bodies, signatures or secrets to the logs', async () => {
    const body = JSON.stringify(leadNotification({ note: 'jane.doe@example.com' }))
    await post(body, signedHeaders(body, 'wrong-secret'))
    await post('{"broken":', signedHeaders('{"broken":'))
    await post(body, signedHeaders(body))
    const logs = server.logs()
    expect(logs).toContain('bad signature')
    expect(logs).not.toContain('jane.doe')
    expect(logs).not.toContain('leadGenFormResponse:')
    expect(logs).not.toContain(TEST_SECRET)
    expect(logs).not.toContain(signNotification(body, TEST_SECRET))
  })
})

describe('cheap rejection of strangers', () => {
  const from = (remoteAddress: string, payload: string, headers: Record<string, string>) =>
    server.app.inject({ method: 'POST', url: '/webhooks/linkedin', payload, headers, remoteAddress })

  it('answers 403 to addresses outside WEBHOOK_ALLOW_CIDRS and stores nothing', async () => {
    await server.close()
    server = await buildTestServer({ env: { WEBHOOK_ALLOW_CIDRS: '203.0.113.0/24, 2001:db8::/32' } })
    const body = JSON.stringify(leadNotification())
    expect((await from('198.51.100.7', body, signedHeaders(body))).statusCode).toBe(403)
    const challenge = await server.app.inject({
      method: 'GET',
      url: '/webhooks/linkedin?challengeCode=0f7ab8d4-7cf5-4c5c-9f6c-5c1b2b0d9a11',
      remoteAddress: '198.51.100.7',
    })
    expect(challenge.statusCode).toBe(403)
    expect(await countRows(server.store, 'events')).toBe(0)
    expect((await from('203.0.113.9', body, signedHeaders(body))).statusCode).toBe(200)
    expect((await from('2001:db8::5', body, signedHeaders(body))).statusCode).toBe(200)
  })

  it('answers 429 to an address past its bad signatures a minute, never to a correctly signed notification', async () => {
    await server.close()
    server = await buildTestServer({ env: { WEBHOOK_BAD_SIGNATURE_LIMIT: '5' } })
    const body = JSON.stringify(leadNotification())
    const bad = { 'content-type': 'application/json', 'x-li-signature': signNotification(body, 'wrong') }
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await from('198.51.100.7', body, bad)).statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
    const limited = await from('198.51.100.7', body, bad)
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await from('198.51.100.7', body, signedHeaders(body))).statusCode).toBe(200)
    expect((await from('198.51.100.8', body, bad)).statusCode).toBe(401)
  })

  it('counts clients by X-Forwarded-For only when TRUST_PROXY says the proxy is trusted', async () => {
    const body = JSON.stringify(leadNotification())
    const bad = (client: string) => ({
      'content-type': 'application/json',
      'x-li-signature': signNotification(body, 'wrong'),
      'x-forwarded-for': client,
    })
    for (const [trust, expected] of [
      ['false', [401, 401, 429, 429]],
      ['127.0.0.1', [401, 401, 401, 401]],
    ] as const) {
      await server.close()
      server = await buildTestServer({ env: { WEBHOOK_BAD_SIGNATURE_LIMIT: '2', TRUST_PROXY: trust } })
      const statuses = []
      // Four different clients behind one proxy: each is its own client only if the proxy is trusted.
      for (const client of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4'])
        statuses.push((await from('127.0.0.1', body, bad(client))).statusCode)
      expect(statuses).toEqual(expected)
    }
  })
})
