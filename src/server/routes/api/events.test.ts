import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { leadNotification, signedHeaders } from '../../../../test/support/linkedin.js'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../../test/support/test-server.js'

let server: TestServer
beforeEach(async () => {
  server = await buildTestServer()
})
afterEach(async () => {
  await server.close()
})

const auth = { authorization: `Bearer ${TEST_API_TOKEN}` }
const get = (url: string, headers: Record<string, string> = auth) => server.app.inject({ method: 'GET', url, headers })

async function receive(body: string) {
  await server.app.inject({ method: 'POST', url: '/webhooks/linkedin', payload: body, headers: signedHeaders(body) })
}

describe('GET /api/events', () => {
  it('answers 401 without the API token, and with a wrong one', async () => {
    expect((await get('/api/events', {})).statusCode).toBe(401)
    expect((await get('/api/events', { authorization: 'Bearer wrong-token-wrong-token' })).statusCode).toBe(401)
  })

  it('lists events newest first, page by page with a cursor', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const notification = leadNotification()
      ids.push(notification.leadGenFormResponse as string)
      await receive(JSON.stringify(notification))
    }
    const first = (await get('/api/events?limit=2')).json()
    expect(first.events.map((e: { leadGenFormResponse: string }) => e.leadGenFormResponse)).toEqual([ids[4], ids[3]])
    expect(first.events[0]).toMatchObject({
      leadAction: 'CREATED',
      leadType: 'SPONSORED',
      owner: { sponsoredAccount: 'urn:li:sponsoredAccount:1234567' },
      occurredAt: '2023-07-20T23:09:59.288Z',
      receivedAt: '2026-11-27T12:00:00.000Z',
      status: 'queued',
    })
    const second = (await get(`/api/events?limit=2&before=${first.nextCursor}`)).json()
    const third = (await get(`/api/events?limit=2&before=${second.nextCursor}`)).json()
    expect(third.events.map((e: { leadGenFormResponse: string }) => e.leadGenFormResponse)).toEqual([ids[0]])
    expect(third.nextCursor).toBeNull()
  })

  it('filters by status and rejects a bad query with 400', async () => {
    await receive(JSON.stringify(leadNotification()))
    await receive('not json')
    const quarantined = (await get('/api/events?status=quarantined')).json()
    expect(quarantined.events).toHaveLength(1)
    expect((await get('/api/events?limit=0')).statusCode).toBe(400)
    expect((await get('/api/events?status=lost')).statusCode).toBe(400)
  })
})

describe('GET /api/events/:id', () => {
  it('shows one event with its quarantine reason', async () => {
    await receive('not json')
    const [event] = (await get('/api/events')).json().events
    const detail = (await get(`/api/events/${event.id}`)).json()
    expect(detail).toMatchObject({
      status: 'quarantined',
      quarantineReason: 'body is not valid JSON',
      rawBody: 'not json',
    })
  })

  it('answers 404 for an unknown id', async () => {
    expect((await get('/api/events/999')).statusCode).toBe(404)
    expect((await get('/api/events/abc')).statusCode).toBe(404)
  })
})

describe('health', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect((await get('/healthz', {})).json()).toEqual({ status: 'ok' })
    expect((await get('/readyz', {})).json()).toEqual({ status: 'ready' })
  })

  it('answers /readyz with 503 when the store is gone', async () => {
    await server.store.close()
    expect((await get('/readyz', {})).statusCode).toBe(503)
  })
})
