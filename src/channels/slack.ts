import { type Clock, systemClock } from '../util/index.js'
import type { Channel, DeliveryOutcome, LeadAlert, OpsMessage, SendContext } from './channel.js'
import { classifyHttpResponse, retryAfter, safeCode } from './classify-http-response.js'
import { postJson } from './post-json.js'
import { digestMessage, leadMessage, opsMessage, type SlackMessage } from './slack-message.js'

export interface SlackChannelOptions {
  readonly name: string
  /** Incoming webhook URL (`https://hooks.slack.com/services/…`): posts to the channel it was created for. */
  readonly webhookUrl?: string
  /** Bot token (`xoxb-…`) for `chat.postMessage`; needed for `channel` and for DMs. */
  readonly botToken?: string
  /** Channel id or name for the bot token. */
  readonly channel?: string
  /** Slack Web API base; a test points it at a local fake. */
  readonly apiUrl?: string
  /** Also send the alert to the owner as a DM (bot token and the owner's Slack user id needed). */
  readonly dmOwner?: boolean
  readonly sendTestLeads: boolean
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
  /** Told when the owner's DM fails after the channel message went out; the DM is not retried (see send). */
  readonly onDirectMessageFailed?: (outcome: DeliveryOutcome, alert: LeadAlert) => void
}

// Web API errors that say "not now" rather than "never" (docs.slack.dev: chat.postMessage, rate limits).
const TRANSIENT_API_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
])
// A revoked or deactivated token will not come back by retrying: the channel is gone until someone fixes it.
const GONE_API_ERRORS = new Set(['is_archived', 'channel_is_archived', 'token_revoked', 'account_inactive'])

type Target = { readonly via: 'webhook' } | { readonly via: 'api'; readonly channel: string }

/** Slack by incoming webhook or bot token; Block Kit messages, one digest for a burst, an optional DM to the owner. */
export function createSlackChannel(options: SlackChannelOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  const apiUrl = (options.apiUrl ?? 'https://slack.com/api').replace(/\/+$/, '')
  if (!options.webhookUrl && !options.botToken) {
    throw new Error(`Slack channel "${options.name}" needs a webhookUrl or a botToken`)
  }
  if (!options.webhookUrl && !options.channel && !options.dmOwner) {
    throw new Error(`Slack channel "${options.name}" has a bot token but no channel (or dmOwner) to post to`)
  }
  if (options.dmOwner && !options.botToken) {
    throw new Error(`Slack channel "${options.name}": dmOwner needs a botToken (incoming webhooks cannot send DMs)`)
  }

  function channelTarget(): Target | undefined {
    if (options.webhookUrl) return { via: 'webhook' }
    if (options.channel) return { via: 'api', channel: options.channel }
    return undefined
  }

  async function post(target: Target, message: SlackMessage, context: SendContext): Promise<DeliveryOutcome> {
    if (target.via === 'webhook') return postToWebhook(message, context)
    return postToApi(target.channel, message, context)
  }

  async function postToWebhook(message: SlackMessage, context: SendContext): Promise<DeliveryOutcome> {
    const result = await postJson({
      url: options.webhookUrl!,
      body: JSON.stringify(message),
      context,
      timeoutMs: options.timeoutMs,
      fetch,
    })
    if (result.kind === 'failed') return result.outcome
    // Incoming webhooks answer 200 "ok", or a status with a plain-text code such as invalid_payload.
    return classifyHttpResponse(result.status, result.headers, clock.now(), result.bodyText)
  }

  async function postToApi(channel: string, message: SlackMessage, context: SendContext): Promise<DeliveryOutcome> {
    const result = await postJson({
      url: `${apiUrl}/chat.postMessage`,
      headers: { authorization: `Bearer ${options.botToken}` },
      body: JSON.stringify({ channel, text: message.text, blocks: message.blocks, unfurl_links: false }),
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
    // The Web API reports most failures as HTTP 200 with ok:false.
    const error = safeCode(typeof answer.error === 'string' ? answer.error : undefined) ?? 'unknown_error'
    const reason = `Slack API error: ${error}`
    if (TRANSIENT_API_ERRORS.has(error)) {
      const notBefore = retryAfter(result.headers.get('retry-after'), clock.now())
      return notBefore ? { kind: 'retry', reason, notBefore } : { kind: 'retry', reason }
    }
    if (GONE_API_ERRORS.has(error)) return { kind: 'gone', reason }
    return { kind: 'rejected', reason }
  }

  async function send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome> {
    const message = leadMessage(alert)
    const ownerId = options.dmOwner ? alert.owner?.slackUserId : undefined
    const primary = channelTarget()
    if (!primary) {
      if (!ownerId)
        return { kind: 'rejected', reason: 'no Slack channel configured and the owner has no Slack user id' }
      return postToApi(ownerId, message, context)
    }
    const outcome = await post(primary, message, context)
    if (outcome.kind === 'delivered' && ownerId) {
      // The DM is a courtesy after the channel message: retrying it would repost to the channel, so it is not retried.
      const dm = await postToApi(ownerId, message, context)
      if (dm.kind !== 'delivered') options.onDirectMessageFailed?.(dm, alert)
    }
    return outcome
  }

  async function sendDigest(alerts: readonly LeadAlert[], context: SendContext): Promise<DeliveryOutcome> {
    if (alerts.length === 0) return { kind: 'delivered' }
    const primary = channelTarget()
    if (!primary) return { kind: 'rejected', reason: 'digests need a Slack channel; DMs are sent one by one' }
    return post(primary, digestMessage(alerts), context)
  }

  async function sendOps(message: OpsMessage, context: SendContext): Promise<DeliveryOutcome> {
    const primary = channelTarget()
    if (!primary) return { kind: 'rejected', reason: 'operator alerts need a Slack channel' }
    return post(primary, opsMessage(message), context)
  }

  return { name: options.name, type: 'slack', sendTestLeads: options.sendTestLeads, send, sendDigest, sendOps }
}
