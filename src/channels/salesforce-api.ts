import type { DeliveryOutcome } from './channel.js'
import { classifyHttpResponse, retryAfter } from './classify-http-response.js'
import { type AnsweredRequest, type VendorAnswer, type VendorRequest, vendorRequest } from './crm/request.js'
import { redact } from './vendor-response.js'

const MAX_REASON = 300

/** One Salesforce call: the shared vendor request (the token endpoint passes a form body). */
export function salesforceRequest(request: VendorRequest): Promise<VendorAnswer> {
  return vendorRequest(request)
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
  answer: AnsweredRequest,
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
