import type { DeliveryOutcome } from './channel.js'
import { classifyHttpResponse, retryAfter } from './classify-http-response.js'
import { type AnsweredRequest, type VendorAnswer, vendorRequest } from './crm/request.js'
import { redact } from './vendor-response.js'

const MAX_REASON = 300

export interface HubSpotApiOptions {
  readonly apiUrl: string
  readonly accessToken: string
  readonly timeoutMs?: number | undefined
  readonly fetch: typeof globalThis.fetch
}

/** One HubSpot CRM v3 call: the shared vendor request with the private-app bearer token. */
export function createHubSpotApi(options: HubSpotApiOptions) {
  const base = options.apiUrl.replace(/\/+$/, '')
  return (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<VendorAnswer> =>
    vendorRequest({
      method,
      url: `${base}${path}`,
      headers: { authorization: `Bearer ${options.accessToken}` },
      body,
      signal,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
    })
}
export type HubSpotCall = ReturnType<typeof createHubSpotApi>

/**
 * A failed HubSpot answer as an outcome. 429 waits for `Retry-After` or, when only the rolling-window headers
 * came, for one `X-HubSpot-RateLimit-Interval-Milliseconds`; 401/403 name the private-app token and its scopes;
 * 400/409/422 quote HubSpot's message with the lead's own values (and anything shaped like an e-mail or phone
 * number) removed, because HubSpot echoes invalid values back ("Email address dana@… is invalid").
 */
export function hubspotFailure(
  answer: AnsweredRequest,
  now: Date,
  doing: string,
  personalValues: readonly string[] = [],
): DeliveryOutcome {
  const { status, headers, json } = answer
  const category = typeof json?.category === 'string' ? ` (${json.category})` : ''
  if (status === 401) {
    return {
      kind: 'rejected',
      reason: `HubSpot private-app token invalid or missing scope crm.objects.contacts.write (HTTP 401${category}) while ${doing}`,
    }
  }
  if (status === 403) {
    return {
      kind: 'rejected',
      reason:
        `HubSpot refused ${doing} (HTTP 403${category}): the private app needs the scopes crm.objects.contacts.read, ` +
        'crm.objects.contacts.write and crm.objects.companies.read',
    }
  }
  if (status === 429) {
    const policy = typeof json?.policyName === 'string' ? ` ${json.policyName}` : ''
    const reason = `HubSpot rate limit${policy} reached while ${doing} (HTTP 429)`
    const notBefore = retryAfter(headers.get('retry-after'), now) ?? intervalEnd(headers, now)
    return notBefore ? { kind: 'retry', reason, notBefore } : { kind: 'retry', reason }
  }
  if (status === 400 || status === 409 || status === 422) {
    const message = hubspotMessage(json, personalValues)
    return {
      kind: 'rejected',
      reason: `HubSpot rejected ${doing} (HTTP ${status}${category})${message ? `: ${message}` : ''}`,
    }
  }
  const outcome = classifyHttpResponse(status, headers, now, answer.bodyText)
  return outcome.kind === 'delivered'
    ? { kind: 'retry', reason: `HubSpot answered HTTP ${status} while ${doing}` }
    : {
        ...outcome,
        reason: `HubSpot: ${outcome.reason} while ${doing}`,
      }
}

function intervalEnd(headers: Pick<Headers, 'get'>, now: Date): Date | undefined {
  const remaining = headers.get('x-hubspot-ratelimit-remaining')
  const interval = Number(headers.get('x-hubspot-ratelimit-interval-milliseconds'))
  if (remaining === null || Number(remaining) > 0 || !Number.isFinite(interval) || interval <= 0) return undefined
  return new Date(now.getTime() + interval)
}

/** HubSpot's `message` and `errors[].message`, personal data removed, short enough for a delivery record. */
export function hubspotMessage(json: unknown, personalValues: readonly string[]): string {
  const body = json as { message?: unknown; errors?: { message?: unknown }[] } | undefined
  const parts: string[] = []
  if (typeof body?.message === 'string') parts.push(body.message)
  if (Array.isArray(body?.errors)) {
    for (const e of body.errors) if (typeof e?.message === 'string' && !parts.includes(e.message)) parts.push(e.message)
  }
  const text = redact(parts.join('; '), personalValues)
  return text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`
}
