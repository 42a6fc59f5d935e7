import { describe, expect, it } from 'vitest'
import { classifyHttpResponse, classifyNetworkError, MAX_RETRY_AFTER_MS } from './classify-http-response.js'

const now = new Date('2026-03-14T16:00:00Z')
const headers = (init: Record<string, string> = {}) => new Headers(init)

describe('classifyHttpResponse', () => {
  it.each([200, 201, 202, 204, 299])('counts %i as delivered', (status) => {
    expect(classifyHttpResponse(status, headers(), now)).toEqual({ kind: 'delivered' })
  })

  it.each([301, 302, 307, 308])('rejects a %i redirect instead of following it', (status) => {
    const outcome = classifyHttpResponse(status, headers({ location: 'https://elsewhere.example' }), now)
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('redirects are not followed') })
  })

  it('retries 429 not before the Retry-After seconds', () => {
    expect(classifyHttpResponse(429, headers({ 'retry-after': '30' }), now)).toEqual({
      kind: 'retry',
      reason: 'HTTP 429',
      notBefore: new Date('2026-03-14T16:00:30Z'),
    })
  })

  it('reads Retry-After as an HTTP date too', () => {
    const outcome = classifyHttpResponse(503, headers({ 'retry-after': 'Sat, 14 Mar 2026 16:05:00 GMT' }), now)
    expect(outcome).toMatchObject({ kind: 'retry', notBefore: new Date('2026-03-14T16:05:00Z') })
  })

  it('caps Retry-After at 24 hours', () => {
    const outcome = classifyHttpResponse(429, headers({ 'retry-after': String(7 * 24 * 3600) }), now)
    expect(outcome).toMatchObject({ kind: 'retry', notBefore: new Date(now.getTime() + MAX_RETRY_AFTER_MS) })
  })

  it('retries without notBefore when Retry-After is missing or unreadable', () => {
    expect(classifyHttpResponse(429, headers(), now)).toEqual({ kind: 'retry', reason: 'HTTP 429' })
    expect(classifyHttpResponse(429, headers({ 'retry-after': 'soon' }), now)).toEqual({
      kind: 'retry',
      reason: 'HTTP 429',
    })
  })

  it.each([500, 501, 502, 503, 504, 599])('retries %i', (status) => {
    expect(classifyHttpResponse(status, headers(), now)).toMatchObject({ kind: 'retry' })
  })

  it('treats 410 as gone, so the destination can be disabled', () => {
    expect(classifyHttpResponse(410, headers(), now, 'channel_is_archived')).toEqual({
      kind: 'gone',
      reason: 'HTTP 410 Gone (channel_is_archived): the destination no longer accepts alerts',
    })
  })

  it.each([400, 401, 403, 404, 405, 413, 422])('rejects %i for good', (status) => {
    expect(classifyHttpResponse(status, headers(), now)).toEqual({ kind: 'rejected', reason: `HTTP ${status}` })
  })

  it('quotes a short error code from a plain-text body', () => {
    expect(classifyHttpResponse(400, headers(), now, 'invalid_payload\n')).toEqual({
      kind: 'rejected',
      reason: 'HTTP 400 (invalid_payload)',
    })
  })

  it('quotes the error field of a JSON body', () => {
    expect(classifyHttpResponse(422, headers(), now, '{"error":"unknown_field","detail":"x"}')).toEqual({
      kind: 'rejected',
      reason: 'HTTP 422 (unknown_field)',
    })
  })

  it('never quotes a body that could carry lead data back to us', () => {
    const echoed = '{"error":"bad request for dana@acme.example","email":"dana@acme.example"}'
    const outcome = classifyHttpResponse(400, headers(), now, echoed)
    expect(outcome).toEqual({ kind: 'rejected', reason: 'HTTP 400' })
    expect(classifyHttpResponse(400, headers(), now, 'Dana Whitfield <dana@acme.example> is invalid')).toEqual({
      kind: 'rejected',
      reason: 'HTTP 400',
    })
  })
})

describe('classifyNetworkError', () => {
  it('retries a timeout and says how long it waited', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
    expect(classifyNetworkError(error, 15_000)).toEqual({ kind: 'retry', reason: 'no answer within 15 s' })
  })

  it('retries a refused connection, naming the code', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
    })
    expect(classifyNetworkError(error)).toEqual({ kind: 'retry', reason: 'network error: ECONNREFUSED' })
  })

  it('retries an abort (shutdown)', () => {
    expect(classifyNetworkError(new DOMException('aborted', 'AbortError'))).toMatchObject({ kind: 'retry' })
  })
})
