import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Unsubscribe links carry `enrolment.mac`: signed rather than stored, and never expiring (CAN-SPAM wants the
 * link to keep working for at least 30 days after the message).
 */
export function unsubscribeToken(enrolmentId: number, key: Buffer): string {
  return `${enrolmentId}.${mac(`unsubscribe:${enrolmentId}`, key)}`
}

export function verifyUnsubscribeToken(token: string, key: Buffer): number | undefined {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!match) return undefined
  const id = Number(match[1])
  const expected = Buffer.from(mac(`unsubscribe:${id}`, key), 'base64url')
  const given = Buffer.from(match[2] as string, 'base64url')
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined
}

/**
 * The step's Message-ID: a function of its job key (`seq:<enrolment>:<step>`) and this installation's key, so
 * every attempt of a step sends the same Message-ID and two installations never collide.
 */
export function stepMessageId(jobKey: string, key: Buffer, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? 'leadrelay.invalid'
  const digest = createHash('sha256').update(key).update(jobKey).digest('hex').slice(0, 24)
  return `<${jobKey.replace(/[^A-Za-z0-9-]/g, '.')}.${digest}@${domain}>`
}

function mac(text: string, key: Buffer): string {
  return createHmac('sha256', key).update(text).digest('base64url')
}
