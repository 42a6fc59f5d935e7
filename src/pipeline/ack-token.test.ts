import { describe, expect, it } from 'vitest'
import { signAck, verifyAck } from './ack-token.js'

const key = Buffer.alloc(32, 7)
const claim = { leadId: 'lead-1', memberId: 'ann', expiresAt: 2_000 }

describe('acknowledgement links', () => {
  it('verify while valid and carry who they were sent to', () => {
    expect(verifyAck(signAck(claim, key), key, 1_000)).toEqual({ ok: true, claim })
    expect(verifyAck(signAck({ ...claim, memberId: null }, key), key, 1_000)).toMatchObject({
      ok: true,
      claim: { memberId: null },
    })
  })

  it('stop working when they expire', () => {
    expect(verifyAck(signAck(claim, key), key, 2_000)).toEqual({ ok: false, reason: 'expired' })
  })

  it('cannot be altered or made with another key', () => {
    const token = signAck(claim, key)
    const [, member, expiry, mac] = token.split('.')
    const otherLead = `${Buffer.from('lead-2').toString('base64url')}.${member}.${expiry}.${mac}`
    expect(verifyAck(otherLead, key, 1_000)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyAck(signAck(claim, Buffer.alloc(32, 8)), key, 1_000)).toEqual({ ok: false, reason: 'invalid' })
    expect(verifyAck('not-a-token', key, 1_000)).toEqual({ ok: false, reason: 'invalid' })
  })
})
