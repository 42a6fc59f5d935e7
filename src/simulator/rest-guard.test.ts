import { describe, expect, it } from 'vitest'
import { activeVersion } from './rest-guard.js'
import { testSimulator } from './test-helpers.js'

const DAY = 86_400_000
const FORMS = '/rest/leadForms/7234246'

// LinkedIn Marketing API Versioning, learn.microsoft.com/en-us/linkedin/marketing/versioning (required headers) and LinkedIn Error Handling, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling (error envelopes, verbatim).
describe('required headers on /rest', () => {
  it('answers 401 "Empty oauth2_access_token" without a bearer token', async () => {
    const { rest } = testSimulator()
    const res = await rest(FORMS, { authorization: undefined })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 })
  })

  it('answers 401 INVALID_ACCESS_TOKEN to a token it never issued', async () => {
    const { rest } = testSimulator()
    const res = await rest(FORMS, { authorization: 'Bearer nope' })
    expect(res.json()).toEqual({
      status: 401,
      serviceErrorCode: 65600,
      code: 'INVALID_ACCESS_TOKEN',
      message: 'Invalid access token',
    })
  })

  it('answers 401 EXPIRED_ACCESS_TOKEN once an issued token is 60 days old', async () => {
    const { simulator, clock, rest } = testSimulator()
    const token = simulator.tokens.grant().access_token
    expect((await rest(FORMS, { authorization: `Bearer ${token}` })).statusCode).toBe(200)
    clock.advance(60 * DAY)
    const res = await rest(FORMS, { authorization: `Bearer ${token}` })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({
      status: 401,
      serviceErrorCode: 65602,
      code: 'EXPIRED_ACCESS_TOKEN',
      message: 'The token used in the request has expired',
    })
  })

  it('answers 401 REVOKED_ACCESS_TOKEN to a revoked token', async () => {
    const { simulator, rest } = testSimulator()
    const token = simulator.tokens.grant().access_token
    simulator.tokens.revoke(token)
    const res = await rest(FORMS, { authorization: `Bearer ${token}` })
    expect(res.json()).toEqual({
      status: 401,
      serviceErrorCode: 65601,
      code: 'REVOKED_ACCESS_TOKEN',
      message: 'The token used in the request has been revoked by the user',
    })
  })

  it('answers 403 ACCESS_DENIED to a token without r_marketing_leadgen_automation', async () => {
    const { simulator, rest } = testSimulator()
    const token = simulator.tokens.grant('r_ads').access_token
    const res = await rest(FORMS, { authorization: `Bearer ${token}` })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: 'Not enough permissions to access: leadForms.GET.20260301',
    })
  })

  it('answers 426 NONEXISTENT_VERSION to a sunset or unknown LinkedIn-Version', async () => {
    const { rest } = testSimulator()
    const res = await rest(FORMS, { 'linkedin-version': '202401' })
    expect(res.statusCode).toBe(426)
    expect(res.json()).toEqual({
      status: 426,
      code: 'NONEXISTENT_VERSION',
      message: 'Requested version 20240101 is not active',
    })
    expect((await rest(FORMS, { 'linkedin-version': '202613' })).statusCode).toBe(426)
    expect((await rest(FORMS, { 'linkedin-version': 'latest' })).statusCode).toBe(426)
  })

  it('accepts versions of the last 12 months, with or without a patch suffix', () => {
    const now = new Date(Date.UTC(2026, 2, 15))
    expect(activeVersion('202603', now)).toBe('20260301')
    expect(activeVersion('202504', now)).toBe('20250401')
    expect(activeVersion('202603.01', now)).toBe('20260301')
    expect(activeVersion('202503', now)).toBeUndefined()
    expect(activeVersion('202604', now)).toBeUndefined()
  })

  it('answers 400 without LinkedIn-Version and without X-Restli-Protocol-Version: 2.0.0', async () => {
    const { rest } = testSimulator()
    const noVersion = await rest(FORMS, { 'linkedin-version': undefined })
    expect(noVersion.statusCode).toBe(400)
    expect(noVersion.json()).toMatchObject({ status: 400, code: 'VERSION_MISSING' })
    expect((await rest(FORMS, { 'x-restli-protocol-version': undefined })).statusCode).toBe(400)
    expect((await rest(FORMS, { 'x-restli-protocol-version': '1.0.0' })).statusCode).toBe(400)
  })

  it('answers 404 with an envelope for an unknown resource', async () => {
    const { rest } = testSimulator()
    const res = await rest('/rest/adFormResponses')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' })
  })
})

describe('fault injection: the next N calls to an endpoint', () => {
  it('answers 429 TOO_MANY_REQUESTS without Retry-After, then recovers', async () => {
    const { simulator, rest } = testSimulator()
    simulator.faults.add({ endpoint: 'leadForms', kind: '429', count: 2, retryAfterSeconds: 1, delayMs: 0 })
    for (let i = 0; i < 2; i++) {
      const res = await rest(FORMS)
      expect(res.statusCode).toBe(429)
      expect(res.headers['retry-after']).toBeUndefined()
      expect(res.json()).toEqual({
        status: 429,
        serviceErrorCode: 101,
        code: 'TOO_MANY_REQUESTS',
        message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
      })
    }
    expect((await rest(FORMS)).statusCode).toBe(200)
  })

  it('answers 429 with Retry-After when asked', async () => {
    const { simulator, rest } = testSimulator()
    simulator.faults.add({
      endpoint: 'leadForms',
      kind: '429-retry-after',
      count: 1,
      retryAfterSeconds: 30,
      delayMs: 0,
    })
    const res = await rest(FORMS)
    expect(res.statusCode).toBe(429)
    expect(res.headers['retry-after']).toBe('30')
  })

  it('answers 500, 401-expired and 403 faults with their envelopes, only on the named endpoint', async () => {
    const { simulator, rest } = testSimulator()
    simulator.faults.add({ endpoint: 'leadFormResponses', kind: '500', count: 1, retryAfterSeconds: 1, delayMs: 0 })
    simulator.faults.add({ endpoint: 'leadForms', kind: '401-expired', count: 1, retryAfterSeconds: 1, delayMs: 0 })
    simulator.faults.add({ endpoint: 'leadForms', kind: '403', count: 1, retryAfterSeconds: 1, delayMs: 0 })
    const lead = simulator.store.leads()[0]!
    const failed = await rest(`/rest/leadFormResponses/${lead.id}`)
    expect(failed.statusCode).toBe(500)
    expect(failed.json()).toMatchObject({ status: 500 })
    expect((await rest(FORMS)).json()).toMatchObject({ status: 401, code: 'EXPIRED_ACCESS_TOKEN' })
    expect((await rest(FORMS)).json()).toMatchObject({ status: 403, code: 'ACCESS_DENIED' })
    expect((await rest(FORMS)).statusCode).toBe(200)
  })

  it('delays a slow call and then answers it normally', async () => {
    const { simulator, rest } = testSimulator()
    simulator.faults.add({ endpoint: '*', kind: 'slow', count: 1, retryAfterSeconds: 1, delayMs: 20 })
    expect((await rest(FORMS)).statusCode).toBe(200)
    expect(simulator.faults.list()).toEqual([])
  })

  it('takes faults through POST /simulator/faults and rejects unknown kinds', async () => {
    const { simulator, rest } = testSimulator()
    const bad = await simulator.app.inject({
      method: 'POST',
      url: '/simulator/faults',
      payload: { endpoint: 'leadForms', kind: '418' },
    })
    expect(bad.statusCode).toBe(400)
    const ok = await simulator.app.inject({
      method: 'POST',
      url: '/simulator/faults',
      payload: { endpoint: 'leadForms', kind: '500', count: 1 },
    })
    expect(ok.statusCode).toBe(201)
    expect((await rest(FORMS)).statusCode).toBe(500)
  })
})
