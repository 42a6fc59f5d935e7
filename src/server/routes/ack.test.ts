import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, type TestServer } from '../../../test/support/test-server.js'
import { signAck } from '../../pipeline/index.js'

let server: TestServer
beforeEach(async () => {
  server = await buildTestServer()
})
afterEach(async () => {
  await server.close()
})

describe('/ack pages', () => {
  it('forbid framing, referrers and caching, valid link or not', async () => {
    const token = signAck({ leadId: 'lead-1', memberId: null, expiresAt: Date.UTC(2030, 0, 1) }, Buffer.alloc(32, 1))
    for (const url of [`/ack/${token}`, '/ack/not-a-token']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await server.app.inject({ method, url })
        expect(res.headers['x-frame-options']).toBe('DENY')
        expect(res.headers['referrer-policy']).toBe('no-referrer')
        expect(res.headers['cache-control']).toBe('no-store')
      }
    }
  })
})
