import type { DeliveryOutcome, SendContext } from './channel.js'
import { DEFAULT_TIMEOUT_MS, vendorRequest } from './crm/request.js'

export { DEFAULT_TIMEOUT_MS }

/** Enough for an error code or a Slack Web API answer; the rest of a large body is never read. */
const MAX_BODY_BYTES = 16 * 1024

export interface PostJsonRequest {
  readonly url: string
  readonly body: string
  readonly headers?: Record<string, string>
  readonly context: SendContext
  readonly timeoutMs?: number | undefined
  readonly fetch: typeof globalThis.fetch
}

export type PostJsonResult =
  | { readonly kind: 'answered'; readonly status: number; readonly headers: Headers; readonly bodyText: string }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

/** POST an encoded JSON body once, through the shared vendor request (no redirects, timeout, bounded read). */
export async function postJson(request: PostJsonRequest): Promise<PostJsonResult> {
  const answer = await vendorRequest({
    method: 'POST',
    url: request.url,
    headers: { 'content-type': 'application/json; charset=utf-8', ...request.headers },
    body: { raw: request.body },
    signal: request.context.signal,
    timeoutMs: request.timeoutMs,
    maxBodyBytes: MAX_BODY_BYTES,
    fetch: request.fetch,
  })
  if (answer.kind === 'failed') return answer
  return { kind: 'answered', status: answer.status, headers: answer.headers, bodyText: answer.bodyText }
}
