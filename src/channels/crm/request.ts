import type { DeliveryOutcome } from '../channel.js'
import { classifyNetworkError } from '../classify-http-response.js'
import { readLimited } from '../vendor-response.js'

/** Standard Webhooks recommends 15–30 s; we take the short end so a stuck receiver does not hold a worker. */
export const DEFAULT_TIMEOUT_MS = 15_000
/** CRM answers we read are small JSON objects; the rest of a large body is never read. */
const DEFAULT_MAX_BODY_BYTES = 64 * 1024

export type VendorAnswer =
  | {
      readonly kind: 'answered'
      readonly status: number
      readonly headers: Headers
      readonly bodyText: string
      // biome-ignore lint/suspicious/noExplicitAny: JSON from the wire; callers read the fields they need
      readonly json: any
    }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

export type AnsweredRequest = Extract<VendorAnswer, { kind: 'answered' }>

export interface VendorRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  readonly url: string
  readonly headers?: Record<string, string> | undefined
  /**
   * A value is sent as JSON; URLSearchParams as a form (OAuth token endpoints); `{ raw }` as the given text,
   * with the caller's content type.
   */
  readonly body?: unknown
  readonly signal: AbortSignal
  readonly timeoutMs?: number | undefined
  readonly maxBodyBytes?: number
  readonly fetch: typeof globalThis.fetch
}

/**
 * One call to a vendor, for every channel: no redirects followed, a timeout joined to the caller's signal, a
 * bounded body read, JSON parsed when it is JSON. Network failures come back as an outcome, never thrown.
 */
export async function vendorRequest(request: VendorRequest): Promise<VendorAnswer> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers }
  let body: string | undefined
  if (request.body instanceof URLSearchParams) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded'
    body = request.body.toString()
  } else if (isRaw(request.body)) {
    body = request.body.raw
  } else if (request.body !== undefined) {
    headers['content-type'] ??= 'application/json; charset=utf-8'
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
    // The status is the answer; a body that breaks off must not turn a delivered message into a retry (a duplicate).
    const bodyText = await readLimited(response, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES).catch(() => '')
    return { kind: 'answered', status: response.status, headers: response.headers, bodyText, json: parseJson(bodyText) }
  } catch (error) {
    return { kind: 'failed', outcome: classifyNetworkError(error, timeoutMs) }
  }
}

function isRaw(body: unknown): body is { readonly raw: string } {
  return typeof body === 'object' && body !== null && typeof (body as { raw?: unknown }).raw === 'string'
}

function parseJson(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The reason an outcome carries; a delivered outcome has none. */
export function reasonOf(outcome: DeliveryOutcome): string {
  return outcome.kind === 'delivered' ? 'delivered' : outcome.reason
}
