import type { DeliveryOutcome, SendContext } from './channel.js'
import { classifyNetworkError } from './classify-http-response.js'
import { readLimited } from './vendor-response.js'

/** Standard Webhooks recommends 15–30 s; we take the short end so a stuck receiver does not hold a worker. */
export const DEFAULT_TIMEOUT_MS = 15_000

/** Enough for an error code or a Slack Web API answer; the rest of a large body is never read. */
const MAX_BODY_BYTES = 16 * 1024

export interface PostJsonRequest {
  readonly url: string
  readonly body: string
  readonly headers?: Record<string, string>
  readonly context: SendContext
  readonly timeoutMs?: number
  readonly fetch: typeof globalThis.fetch
}

export type PostJsonResult =
  | { readonly kind: 'answered'; readonly status: number; readonly headers: Headers; readonly bodyText: string }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

/** POST a JSON body once: no redirects followed, a timeout combined with the caller's signal, a bounded body read. */
export async function postJson(request: PostJsonRequest): Promise<PostJsonResult> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const signal = AbortSignal.any([request.context.signal, AbortSignal.timeout(timeoutMs)])
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal,
    })
    // The status is the answer; a body that breaks off must not turn a delivered alert into a retry (a duplicate).
    const bodyText = await readLimited(response, MAX_BODY_BYTES).catch(() => '')
    return { kind: 'answered', status: response.status, headers: response.headers, bodyText }
  } catch (error) {
    return { kind: 'failed', outcome: classifyNetworkError(error, timeoutMs) }
  }
}
