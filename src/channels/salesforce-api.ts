import type { DeliveryOutcome } from './channel.js'
import { classifyHttpResponse, classifyNetworkError, retryAfter } from './classify-http-response.js'
import { DEFAULT_TIMEOUT_MS } from './post-json.js'
import { readLimited, redact } from './vendor-response.js'

const MAX_BODY_BYTES = 64 * 1024
const MAX_REASON = 300

export type SalesforceAnswer =
  | {
      readonly kind: 'answered'
      readonly status: number
      readonly headers: Headers
      readonly bodyText: string
      // biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers read the fields they need
      readonly json: any
    }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

export interface SalesforceRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  readonly url: string
  readonly headers?: Record<string, string>
  /** JSON-encoded unless it is already a URLSearchParams (the token endpoint takes a form). */
  readonly body?: unknown
  readonly signal: AbortSignal
  readonly timeoutMs?: number | undefined
  readonly fetch: typeof globalThis.fetch
}

/** One call: no redirects followed, a timeout joined to the caller's signal, a bounded body read, JSON parsed. */
export async function salesforceRequest(request: SalesforceRequest): Promise<SalesforceAnswer> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers }
  let body: string | undefined
  if (request.body instanceof URLSearchParams) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    body = request.body.toString()
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8'
    body = JSON.stringify(request.body)
  }
  try {
    const response = await request.fetch(request.url, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
    })
    const bodyText = await readLimited(response, MAX_BODY_BYTES).catch(() => '')
    let json: unknown
    try {
      json = bodyText ? JSON.parse(bodyText) : undefined
    } catch {
      json = undefined
    }
    return { kind: 'answered', status: response.status, headers: response.headers, bodyText, json }
  } catch (error) {
    return { kind: 'failed', outcome: classifyNetworkError(error, timeoutMs) }
  }
}

export interface SalesforceError {
  readonly errorCode: string
  readonly message: string
  readonly fields: readonly string[]
}

/** Salesforce REST errors are a JSON array of `{ message, errorCode, fields }`. */
export function salesforceErrors(json: unknown): SalesforceError[] {
  if (!Array.isArray(json)) return []
  return json
    .filter((e) => e && typeof e === 'object' && typeof e.errorCode === 'string')
    .map((e) => ({
      errorCode: e.errorCode,
      message: typeof e.message === 'string' ? e.message : '',
      fields: Array.isArray(e.fields) ? e.fields.filter((f: unknown) => typeof f === 'string') : [],
    }))
}

/**
 * A failed Salesforce answer as an outcome: REQUEST_LIMIT_EXCEEDED and 5xx are retried; 400 field errors,
 * 300 (several records share the external id), 401 after re-authenticating and other 4xx are rejected, naming
 * the errorCode and fields. Messages are quoted with the lead's own values removed: Salesforce echoes bad values.
 */
export function salesforceFailure(
  answer: Extract<SalesforceAnswer, { kind: 'answered' }>,
  now: Date,
  doing: string,
  personalValues: readonly string[] = [],
): DeliveryOutcome {
  const errors = salesforceErrors(answer.json)
  const codes = errors.map((e) => e.errorCode)
  const described = describe(errors, personalValues)
  if (codes.includes('REQUEST_LIMIT_EXCEEDED') || answer.status === 429) {
    const reason = `Salesforce API request limit exceeded while ${doing} (REQUEST_LIMIT_EXCEEDED)`
    const notBefore = retryAfter(answer.headers.get('retry-after'), now)
    return notBefore ? { kind: 'retry', reason, notBefore } : { kind: 'retry', reason }
  }
  if (answer.status === 300) {
    return { kind: 'rejected', reason: `Salesforce: several records share this external id while ${doing} (HTTP 300)` }
  }
  if (answer.status === 401) {
    return {
      kind: 'rejected',
      reason: `Salesforce refused the session while ${doing} even after re-authenticating (HTTP 401${described ? `: ${described}` : ''})`,
    }
  }
  if (answer.status >= 400 && answer.status < 500) {
    return {
      kind: 'rejected',
      reason: `Salesforce rejected ${doing} (HTTP ${answer.status}${described ? `: ${described}` : ''})`,
    }
  }
  const outcome = classifyHttpResponse(answer.status, answer.headers, now, codes[0])
  if (outcome.kind === 'delivered')
    return { kind: 'retry', reason: `Salesforce answered HTTP ${answer.status} while ${doing}` }
  return { ...outcome, reason: `Salesforce: ${outcome.reason} while ${doing}` }
}

function describe(errors: readonly SalesforceError[], personalValues: readonly string[]): string {
  const text = errors
    .map((e) => {
      const fields = e.fields.length ? ` [${e.fields.join(', ')}]` : ''
      const message = redact(e.message, personalValues)
      return `${e.errorCode}${fields}${message ? ` ${message}` : ''}`
    })
    .join('; ')
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`
}
