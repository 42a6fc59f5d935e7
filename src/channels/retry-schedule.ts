/**
 * When to try a failed delivery again, after attempt N (1-based): the Standard Webhooks schedule,
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h; then it is dead-lettered (8 attempts in all).
 */
export const DELIVERY_RETRY_DELAYS_MS = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
] as const
export const MAX_DELIVERY_ATTEMPTS = DELIVERY_RETRY_DELAYS_MS.length + 1
/** A server's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000

/** ±20 % jitter, so the retries of a burst do not all come back at the same moment. */
export function nextDeliveryAttempt(
  attempt: number,
  now: Date,
  notBefore: Date | undefined,
  random = Math.random,
): Date | undefined {
  const delay = DELIVERY_RETRY_DELAYS_MS[attempt - 1]
  if (delay === undefined) return undefined
  const jittered = delay * (0.8 + 0.4 * random())
  const serverAsked = notBefore ? Math.min(notBefore.getTime() - now.getTime(), MAX_RETRY_AFTER_MS) : 0
  return new Date(now.getTime() + Math.max(jittered, serverAsked))
}
