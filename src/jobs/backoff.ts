export interface BackoffPolicy {
  readonly baseMs: number
  readonly capMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 60 * 60_000 }

/**
 * When attempt `attempt` (1-based, the one that just failed) may run again: capped exponential delay with
 * "equal jitter" (half fixed, half random, so retries of a burst spread out but never come back at once),
 * and never before a server's `notBefore` (Retry-After).
 */
export function nextAttemptAt(
  attempt: number,
  now: Date,
  options: {
    readonly notBefore?: Date | undefined
    readonly policy?: BackoffPolicy
    readonly random?: () => number
  } = {},
): Date {
  const policy = options.policy ?? DEFAULT_BACKOFF
  const random = options.random ?? Math.random
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  const delay = exponential / 2 + random() * (exponential / 2)
  const backoffAt = now.getTime() + delay
  const notBefore = options.notBefore?.getTime() ?? 0
  return new Date(Math.max(backoffAt, notBefore))
}
