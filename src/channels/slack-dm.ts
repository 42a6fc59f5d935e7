import { type Clock, systemClock } from '../util/index.js'
import type { DeliveryOutcome, SendContext } from './channel.js'
import { classifyHttpResponse, retryAfter, safeCode } from './classify-http-response.js'
import { postJson } from './post-json.js'

export interface SlackDirectMessage {
  readonly text: string
  readonly blocks?: readonly unknown[]
}

export interface SlackDmOptions {
  /** Bot token (`xoxb-…`) with `chat:write`. */
  readonly botToken: string
  readonly apiUrl?: string
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])

/**
 * Direct messages to one Slack user through `chat.postMessage` (channel = the user id opens the DM), for
 * task notices and draft reviews. Sends once and classifies the answer; the deliver job retries.
 */
export function createSlackDirectMessenger(options: SlackDmOptions) {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  const apiUrl = (options.apiUrl ?? 'https://slack.com/api').replace(/\/+$/, '')

  return async function sendDirect(
    userId: string,
    message: SlackDirectMessage,
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    const result = await postJson({
      url: `${apiUrl}/chat.postMessage`,
      headers: { authorization: `Bearer ${options.botToken}` },
      body: JSON.stringify({ channel: userId, text: message.text, blocks: message.blocks, unfurl_links: false }),
      context,
      timeoutMs: options.timeoutMs,
      fetch,
    })
    if (result.kind === 'failed') return result.outcome
    if (result.status !== 200) return classifyHttpResponse(result.status, result.headers, clock.now(), result.bodyText)
    let answer: { ok?: unknown; ts?: unknown; error?: unknown }
    try {
      answer = JSON.parse(result.bodyText)
    } catch {
      return { kind: 'retry', reason: 'Slack answered 200 without a JSON body' }
    }
    if (answer.ok === true)
      return typeof answer.ts === 'string' ? { kind: 'delivered', externalId: answer.ts } : { kind: 'delivered' }
    const error = safeCode(typeof answer.error === 'string' ? answer.error : undefined) ?? 'unknown_error'
    const reason = `Slack API error: ${error}`
    if (!TRANSIENT.has(error)) return { kind: 'rejected', reason }
    const notBefore = retryAfter(result.headers.get('retry-after'), clock.now())
    return notBefore ? { kind: 'retry', reason, notBefore } : { kind: 'retry', reason }
  }
}
export type SlackDirectMessenger = ReturnType<typeof createSlackDirectMessenger>
