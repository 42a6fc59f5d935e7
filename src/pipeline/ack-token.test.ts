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

describe('acknowledgement link MACs', () => {
  it('are refused when their base64url is not canonical (trailing bits set, padding or a stray character)', () => {
    const token = signAck(claim, key)
    const parts = token.split('.')
    const mac = parts[3] as string
    // 32 bytes are 43 base64url characters, the last carrying 2 unused bits: flipping them decodes to the
    // same bytes, so a lax decoder would accept a second spelling of the same MAC.
    const last = mac.at(-1) as string
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] as string
    const variants = [`${mac.slice(0, -1)}${sibling}`, `${mac}=`, `${mac}!`, `${mac.slice(0, 20)}+${mac.slice(21)}`]
    for (const variant of variants) {
      expect(Buffer.from(variant, 'base64url').equals(Buffer.from(mac, 'base64url')) || variant.includes('+')).toBe(
        true,
      )
      expect(verifyAck([...parts.slice(0, 3), variant].join('.'), key, 1_000)).toEqual({ ok: false, reason: 'invalid' })
    }
  })
})
