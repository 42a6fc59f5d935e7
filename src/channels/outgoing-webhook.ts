import { createHash } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { type Clock, systemClock } from '../util/index.js'
import type { Channel, DeletionRequest, DeliveryOutcome, LeadAlert, OpsMessage, SendContext } from './channel.js'
import { classifyHttpResponse } from './classify-http-response.js'
import { postJson } from './post-json.js'

export interface WebhookChannelOptions {
  readonly name: string
  readonly url: string
  /** Standard Webhooks signing secret, `whsec_` + base64. */
  readonly secret: string
  readonly sendTestLeads: boolean
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

export type WebhookEventType = 'lead.created' | 'lead.escalated' | 'lead.deleted' | 'ops.alert'

/** The body we send: Standard Webhooks' recommended `{ type, timestamp, data }`. */
export function webhookPayload(alert: LeadAlert, now: Date) {
  const { kind: _kind, ...data } = alert
  const type: WebhookEventType = alert.kind === 'escalation' ? 'lead.escalated' : 'lead.created'
  return { type, timestamp: now.toISOString(), data }
}

/**
 * The `webhook-id` for a delivery: the idempotency key itself, unless it holds characters the signed content
 * `{id}.{timestamp}.{body}` cannot take (the spec forbids `.`), then a stable digest of it.
 */
export function webhookId(idempotencyKey: string): string {
  if (/^[A-Za-z0-9_:-]{1,128}$/.test(idempotencyKey)) return idempotencyKey
  return `msg_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`
}

/**
 * A signed outgoing webhook (Standard Webhooks). `webhook-id` is the delivery's idempotency key, so every retry
 * carries the same id and the receiver can drop repeats; the timestamp and signature are fresh per attempt.
 */
export function createWebhookChannel(options: WebhookChannelOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  if (!options.secret.startsWith('whsec_')) {
    throw new Error(`webhook channel "${options.name}": the secret must be a Standard Webhooks secret (whsec_…)`)
  }
  const signer = new Webhook(options.secret)

  async function send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome> {
    return post(JSON.stringify(webhookPayload(alert, clock.now())), context)
  }

  async function sendOps(message: OpsMessage, context: SendContext): Promise<DeliveryOutcome> {
    const data = { message: message.text, key: message.key, raisedAt: message.raisedAt.toISOString() }
    const type: WebhookEventType = 'ops.alert'
    return post(JSON.stringify({ type, timestamp: clock.now().toISOString(), data }), context)
  }

  /**
   * The receiver got the lead's personal data with lead.created: on LinkedIn's DELETED it is told to erase
   * it. Only identifiers travel; the same webhook-id on every retry.
   */
  async function deleteLead(request: DeletionRequest, context: SendContext): Promise<DeliveryOutcome> {
    const type: WebhookEventType = 'lead.deleted'
    const data = { leadId: request.leadId, leadUrn: request.leadUrn }
    return post(JSON.stringify({ type, timestamp: clock.now().toISOString(), data }), context)
  }

  async function post(body: string, context: SendContext): Promise<DeliveryOutcome> {
    const now = clock.now()
    const id = webhookId(context.idempotencyKey)
    const result = await postJson({
      url: options.url,
      body,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signer.sign(id, now, body),
      },
      context,
      timeoutMs: options.timeoutMs,
      fetch,
    })
    if (result.kind === 'failed') return result.outcome
    return classifyHttpResponse(result.status, result.headers, clock.now(), result.bodyText)
  }

  return { name: options.name, type: 'webhook', sendTestLeads: options.sendTestLeads, send, sendOps, deleteLead }
}
