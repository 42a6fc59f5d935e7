import { createHmac, timingSafeEqual } from 'node:crypto'

/** Slack rejects replays older than five minutes; so do we. */
const MAX_AGE_S = 5 * 60

/**
 * Slack's request signing: `v0=` + hex HMAC-SHA256(signing secret, `v0:{timestamp}:{raw body}`), sent in
 * X-Slack-Signature with X-Slack-Request-Timestamp.
 */
export function verifySlackSignature(
  rawBody: Buffer,
  headers: { signature: string | undefined; timestamp: string | undefined },
  signingSecret: string,
  nowMs: number,
): boolean {
  const timestamp = Number(headers.timestamp)
  if (!headers.signature || !Number.isInteger(timestamp)) return false
  if (Math.abs(nowMs / 1000 - timestamp) > MAX_AGE_S) return false
  const expected = Buffer.from(`v0=${signSlack(rawBody, timestamp, signingSecret)}`)
  const given = Buffer.from(headers.signature)
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export function signSlack(rawBody: Buffer | string, timestamp: number, signingSecret: string): string {
  return createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')
}
