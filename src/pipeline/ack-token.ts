import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { deliveriesRepository, type Store } from '../store/index.js'

export interface AckClaim {
  readonly leadId: string
  /** The team member the alert went to, when it went to one person. */
  readonly memberId: string | null
  /** Epoch ms after which the link no longer works. */
  readonly expiresAt: number
}

/**
 * "I'm on it" links: `leadId.memberId.expiry.mac`, each part base64url, the MAC an HMAC-SHA256 over the
 * rest. Signed rather than stored, so an alert can carry one without a database write.
 */
export function signAck(claim: AckClaim, key: Buffer): string {
  const body = [claim.leadId, claim.memberId ?? '', String(claim.expiresAt)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.')
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`
}

export type AckCheck =
  | { readonly ok: true; readonly claim: AckClaim }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' }

export function verifyAck(token: string, key: Buffer, now: number): AckCheck {
  const parts = token.split('.')
  if (parts.length !== 4) return { ok: false, reason: 'invalid' }
  const body = parts.slice(0, 3).join('.')
  const expected = createHmac('sha256', key).update(body).digest()
  const given = Buffer.from(parts[3] as string, 'base64url')
  // Node's decoder ignores padding, stray characters and unused trailing bits: only the one canonical
  // spelling of a MAC is accepted, so a link has exactly one valid form.
  if (given.toString('base64url') !== parts[3]) return { ok: false, reason: 'invalid' }
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  const [leadId, memberId, expiry] = parts.slice(0, 3).map((p) => Buffer.from(p, 'base64url').toString('utf8'))
  const expiresAt = Number(expiry)
  if (!(expiresAt > now)) return { ok: false, reason: 'expired' }
  return { ok: true, claim: { leadId: leadId as string, memberId: memberId || null, expiresAt } }
}

/**
 * The key that signs acknowledgement links: derived from LEADRELAY_SECRET_KEY when set, else a random
 * key kept in the database (made once, shared by every process of the fleet).
 */
export async function ackKey(store: Store, secretKey: string | undefined): Promise<Buffer> {
  if (secretKey) return createHmac('sha256', secretKey).update('leadrelay/ack-links').digest()
  const stored = await deliveriesRepository.ensureSetting(store.db, 'ack-key', randomBytes(32).toString('base64url'))
  return Buffer.from(stored, 'base64url')
}
