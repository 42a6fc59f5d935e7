import { parseRetryAfter } from '../util/index.js'
import type { DeliveryOutcome } from './channel.js'

/** A receiver may ask for a long pause, but never longer than this: the deliver job still owns the schedule. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000

const THROTTLED = new Set([429, 502, 503, 504])

// Only short machine-readable codes (`invalid_payload`, `channel_not_found`) are quoted in a reason. A receiver
// may echo our request back, and that would put lead data into delivery records and logs.
const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/

/**
 * One classification for every HTTP destination, after the Standard Webhooks sender rules:
 * 2xx delivered; 3xx rejected (redirects are never followed); 429/502/503/504 and other 5xx retried, not before
 * `Retry-After` (capped at 24 h); 410 gone; any other status rejected with a short, safe reason.
 */
export function classifyHttpResponse(
  status: number,
  headers: Pick<Headers, 'get'>,
  now: Date,
  bodyText?: string,
): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' }
  const detail = safeDetail(bodyText)
  if (status >= 300 && status < 400) {
    return { kind: 'rejected', reason: `HTTP ${status}: redirects are not followed; update the destination URL` }
  }
  if (status === 410)
    return { kind: 'gone', reason: `HTTP 410 Gone${detail}: the destination no longer accepts alerts` }
  if (THROTTLED.has(status) || status >= 500) {
    const notBefore = retryAfter(headers.get('retry-after'), now)
    const reason = `HTTP ${status}${detail}`
    return notBefore ? { kind: 'retry', reason, notBefore } : { kind: 'retry', reason }
  }
  return { kind: 'rejected', reason: `HTTP ${status}${detail}` }
}

/** Timeouts, refused connections, resets and aborts: nothing was (knowingly) delivered, so try again later. */
export function classifyNetworkError(error: unknown, timeoutMs?: number): DeliveryOutcome {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (err?.name === 'TimeoutError') {
    return { kind: 'retry', reason: timeoutMs ? `no answer within ${timeoutMs / 1000} s` : 'timed out' }
  }
  if (err?.name === 'AbortError') return { kind: 'retry', reason: 'sending was aborted' }
  const code = err?.cause?.code
  return { kind: 'retry', reason: `network error: ${code ?? err?.cause?.message ?? err?.message ?? String(error)}` }
}

/** When a `Retry-After` header allows the next attempt, capped at {@link MAX_RETRY_AFTER_MS}. */
export function retryAfter(header: string | null | undefined, now: Date): Date | undefined {
  const ms = parseRetryAfter(header, now)
  if (ms === undefined) return undefined
  return new Date(now.getTime() + Math.min(ms, MAX_RETRY_AFTER_MS))
}

function safeDetail(bodyText: string | undefined): string {
  const code = safeCode(bodyText)
  return code ? ` (${code})` : ''
}

/** The body as a short error code, or the `error`/`code` field of a JSON body; undefined when it is anything else. */
export function safeCode(bodyText: string | undefined): string | undefined {
  const text = bodyText?.trim()
  if (!text) return undefined
  if (SAFE_CODE.test(text)) return text
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>
      for (const key of ['error', 'code', 'type']) {
        const value = json[key]
        if (typeof value === 'string' && SAFE_CODE.test(value)) return value
      }
    } catch {
      return undefined
    }
  }
  return undefined
}
