/** What a failed LinkedIn call means for the caller: each kind has one right reaction. */
export type LinkedInErrorKind =
  /** 401: the token expired, was revoked or is unknown: refresh once, else re-authorise. */
  | 'unauthorized'
  /** 403: a role or scope is missing: permanent until an admin fixes it; never loop on refresh. */
  | 'forbidden'
  /** 404: the lead or form is gone (deleted, or older than LinkedIn's 365-day retention). */
  | 'not-found'
  /** 426: the LinkedIn-Version is sunset: a configuration error. */
  | 'version'
  /** 429: throttled; retry after `retryAfterMs` (daily limits reset at 00:00 UTC). */
  | 'throttled'
  /** 5xx, timeout or network: retry with back-off. */
  | 'unavailable'
  /** Any other 4xx: our request is wrong; permanent. */
  | 'bad-request'

export class LinkedInApiError extends Error {
  override readonly name = 'LinkedInApiError'
  readonly kind: LinkedInErrorKind
  readonly status: number | undefined
  readonly code: string | undefined
  readonly retryAfterMs: number | undefined

  constructor(
    kind: LinkedInErrorKind,
    message: string,
    options: ErrorOptions & { status?: number; code?: string; retryAfterMs?: number } = {},
  ) {
    super(message, options)
    this.kind = kind
    this.status = options.status
    this.code = options.code
    this.retryAfterMs = options.retryAfterMs
  }

  /** Worth trying again later without anyone changing anything. */
  get transient(): boolean {
    return this.kind === 'throttled' || this.kind === 'unavailable'
  }
}

export function kindForStatus(status: number): LinkedInErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 426) return 'version'
  if (status === 429) return 'throttled'
  if (status >= 500) return 'unavailable'
  return 'bad-request'
}

/** The next 00:00 UTC: when LinkedIn's daily (APPLICATION/MEMBER DAY) limits reset. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
}
