import { createHmac, timingSafeEqual } from 'node:crypto'

/** LinkedIn sends a type-4 UUID; anything else would turn the challenge endpoint into a signing oracle. */
const CHALLENGE_CODE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HEX_DIGEST = /^[0-9a-f]{64}$/
const SIGN_PREFIX = 'hmacsha256='
const SIGN_PREFIX_BYTES = Buffer.from(SIGN_PREFIX)

export function isChallengeCode(value: unknown): value is string {
  return typeof value === 'string' && CHALLENGE_CODE.test(value)
}

/** hex(HMAC-SHA256(key = client secret, message = challengeCode)), as LinkedIn's validation expects. */
export function challengeResponse(challengeCode: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret).update(challengeCode, 'utf8').digest('hex')
}

/**
 * Which string LinkedIn signed. LinkedIn's engineers show `"hmacsha256=" + body` (what LinkedIn sends);
 * the documentation's prose reads as the plain body. Both are accepted and counted.
 */
export type SignatureVariant = 'prefixed-body' | 'plain-body'
export type SecretSlot = 'current' | 'previous'

export type SignatureCheck =
  | { readonly ok: true; readonly variant: SignatureVariant; readonly secret: SecretSlot }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed' | 'mismatch' }

export interface SigningSecrets {
  readonly current: string
  readonly previous?: string | undefined
}

/** hex(HMAC-SHA256(secret, "hmacsha256=" + rawBody)): the X-LI-Signature LinkedIn sends. */
export function signNotification(
  rawBody: string | Buffer,
  secret: string,
  variant: SignatureVariant = 'prefixed-body',
) {
  const hmac = createHmac('sha256', secret)
  if (variant === 'prefixed-body') hmac.update(SIGN_PREFIX_BYTES)
  return hmac.update(rawBody).digest('hex')
}

/** Verifies X-LI-Signature over the exact bytes received, in constant time, against both secrets. */
export function verifySignature(
  rawBody: Buffer,
  header: string | readonly string[] | undefined,
  secrets: SigningSecrets,
): SignatureCheck {
  if (header === undefined || header === '' || Array.isArray(header)) {
    return Array.isArray(header) ? { ok: false, reason: 'malformed' } : { ok: false, reason: 'missing' }
  }
  let sig = (header as string).trim().toLowerCase()
  if (sig.startsWith(SIGN_PREFIX)) sig = sig.slice(SIGN_PREFIX.length)
  if (!HEX_DIGEST.test(sig)) return { ok: false, reason: 'malformed' }
  const received = Buffer.from(sig, 'hex')
  const slots: [SecretSlot, string | undefined][] = [
    ['current', secrets.current],
    ['previous', secrets.previous],
  ]
  for (const variant of ['prefixed-body', 'plain-body'] as const) {
    // The challenge endpoint answers HMAC(secret, code) to anyone: were the plain variant allowed on any
    // body, that answer would sign the bare code. A challenge code is never a JSON object.
    if (variant === 'plain-body' && !isJsonObject(rawBody)) break
    for (const [slot, secret] of slots) {
      if (!secret) continue
      const expected = Buffer.from(signNotification(rawBody, secret, variant), 'hex')
      if (timingSafeEqual(expected, received)) return { ok: true, variant, secret: slot }
    }
  }
  return { ok: false, reason: 'mismatch' }
}

function isJsonObject(rawBody: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(rawBody.toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}
