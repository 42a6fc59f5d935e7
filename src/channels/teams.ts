import { type Clock, systemClock } from '../util/index.js'
import type { Channel, DeliveryOutcome, LeadAlert, SendContext } from './channel.js'
import { classifyHttpResponse } from './classify-http-response.js'
import { postJson } from './post-json.js'
import { teamsLeadMessage } from './teams-card.js'

export interface TeamsChannelOptions {
  readonly name: string
  /**
   * A Teams Workflows URL (the "Send webhook alerts to a channel" template, trigger "When a Teams webhook request
   * is received") or a legacy incoming-webhook URL; both take the same `{ type: 'message', attachments }` body.
   */
  readonly webhookUrl: string
  readonly sendTestLeads: boolean
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

/** Microsoft Teams by Workflows or incoming webhook: one Adaptive Card per lead, with the "I'm on it" link. */
export function createTeamsChannel(options: TeamsChannelOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  if (!/^https?:\/\//.test(options.webhookUrl)) {
    throw new Error(`Teams channel "${options.name}" needs an http(s) webhookUrl`)
  }

  async function send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome> {
    const result = await postJson({
      url: options.webhookUrl,
      body: JSON.stringify(teamsLeadMessage(alert)),
      context,
      timeoutMs: options.timeoutMs,
      fetch,
    })
    if (result.kind === 'failed') return result.outcome
    // Workflows answer 202 Accepted (the flow runs later), legacy incoming webhooks 200; 429 carries Retry-After.
    const outcome = classifyHttpResponse(result.status, result.headers, clock.now(), result.bodyText)
    return outcome.kind === 'delivered' || outcome.kind === 'retry'
      ? outcome
      : { ...outcome, reason: `Teams: ${outcome.reason}` }
  }

  return { name: options.name, type: 'teams', sendTestLeads: options.sendTestLeads, send }
}
