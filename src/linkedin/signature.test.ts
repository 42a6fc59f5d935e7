import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/support/linkedin.js'
import { challengeResponse, isChallengeCode, signNotification, verifySignature } from './signature.js'

interface Vectors {
  clientSecret: string
  challenge: { challengeCode: string; challengeResponse: string }
  notification: { body: string; signatureOverPrefixedBody: string; signatureOverPlainBody: string }
}
const vectors = fixture<Vectors>('signature-vectors.json')
const body = Buffer.from(vectors.notification.body)
const secrets = { current: vectors.clientSecret }

describe('challengeResponse', () => {
  it('matches the known-answer vector for the documented challengeCode', () => {
    expect(challengeResponse(vectors.challenge.challengeCode, vectors.clientSecret)).toBe(
      vectors.challenge.challengeResponse,
    )
  })

  it('accepts only UUID challenge codes, so the endpoint cannot sign arbitrary strings', () => {
    expect(isChallengeCode('890e4665-4dfe-4ab1-b689-ed553bceeed0')).toBe(true)
    expect(isChallengeCode(`hmacsha256=${vectors.notification.body}`)).toBe(false)
    expect(isChallengeCode('')).toBe(false)
    expect(isChallengeCode(undefined)).toBe(false)
    expect(isChallengeCode(['890e4665-4dfe-4ab1-b689-ed553bceeed0'])).toBe(false)
  })
})

describe('verifySignature', () => {
  it('signs like LinkedIn: HMAC over "hmacsha256=" + body, bare hex', () => {
    expect(signNotification(body, vectors.clientSecret)).toBe(vectors.notification.signatureOverPrefixedBody)
  })

  it('accepts the bare hex header over the prefixed body (what LinkedIn sends)', () => {
    expect(verifySignature(body, vectors.notification.signatureOverPrefixedBody, secrets)).toEqual({
      ok: true,
      variant: 'prefixed-body',
      secret: 'current',
    })
  })

  it('accepts a "hmacsha256="-prefixed header, in any case, with surrounding spaces', () => {
    const header = ` HMACSHA256=${vectors.notification.signatureOverPrefixedBody.toUpperCase()} `
    expect(verifySignature(body, header, secrets)).toMatchObject({ ok: true, variant: 'prefixed-body' })
  })

  it('accepts the plain-body reading of the documentation and says so', () => {
    expect(verifySignature(body, vectors.notification.signatureOverPlainBody, secrets)).toMatchObject({
      ok: true,
      variant: 'plain-body',
    })
  })

  it('accepts the previous secret during a rotation and reports which one matched', () => {
    const rotated = { current: 'the-new-secret', previous: vectors.clientSecret }
    expect(verifySignature(body, vectors.notification.signatureOverPrefixedBody, rotated)).toMatchObject({
      ok: true,
      secret: 'previous',
    })
  })

  it('rejects a missing header', () => {
    expect(verifySignature(body, undefined, secrets)).toEqual({ ok: false, reason: 'missing' })
  })

  it('rejects a header that is not a 64-digit hex digest', () => {
    expect(verifySignature(body, 'sha256=abc', secrets)).toEqual({ ok: false, reason: 'malformed' })
    expect(verifySignature(body, ['a', 'b'], secrets)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('rejects a digest made with another secret', () => {
    expect(verifySignature(body, signNotification(body, 'not-the-secret'), secrets)).toEqual({
      ok: false,
      reason: 'mismatch',
    })
  })

  it('rejects a body changed by a single byte', () => {
    const changed = Buffer.from(vectors.notification.body.replace('CREATED', 'DELETED'))
    expect(verifySignature(changed, vectors.notification.signatureOverPrefixedBody, secrets)).toMatchObject({
      ok: false,
      reason: 'mismatch',
    })
  })

  it('rejects a re-serialised body: only the exact bytes sent verify', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(vectors.notification.body), null, 1))
    expect(verifySignature(reserialised, vectors.notification.signatureOverPrefixedBody, secrets).ok).toBe(false)
  })
})
