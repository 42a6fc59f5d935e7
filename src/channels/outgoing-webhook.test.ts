import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { startWebhookReceiver, type WebhookReceiver } from '../../test/support/fakes/webhook-receiver.js'
import { createWebhookChannel, webhookId } from './outgoing-webhook.js'

const SECRET = `whsec_${Buffer.from('a-test-secret-of-at-least-24-bytes!').toString('base64')}`
let receiver: WebhookReceiver

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET })
})
afterEach(async () => {
  await receiver.close()
})

const channel = (extra: { timeoutMs?: number; url?: string; secret?: string } = {}) =>
  createWebhookChannel({ name: 'crm-webhook', url: receiver.url, secret: SECRET, sendTestLeads: false, ...extra })

describe('signed outgoing webhook', () => {
  it('posts a lead.created event the receiver verifies with the Standard Webhooks library', async () => {
    const outcome = await channel().send(leadAlert(), sendContext({ idempotencyKey: 'dlv_lead-1_crm_new-lead' }))
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(receiver.badSignatures).toBe(0)
    expect(receiver.deliveries).toHaveLength(1)
    const delivery = receiver.deliveries[0]!
    expect(delivery.id).toBe('dlv_lead-1_crm_new-lead')
    expect(delivery.payload).toMatchObject({
      type: 'lead.created',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { leadId: 'lead-1', name: 'Dana Whitfield', score: 85, priority: 'hot', owner: { name: 'Riley Chen' } },
    })
  })

  it('sends escalations as lead.escalated and test leads with test: true', async () => {
    await channel().send(
      leadAlert({ kind: 'escalation', test: true, escalation: { minutesWaiting: 20, level: 2 } }),
      sendContext({ idempotencyKey: 'dlv_lead-1_crm_escalation-2' }),
    )
    expect(receiver.deliveries[0]!.payload).toMatchObject({
      type: 'lead.escalated',
      data: { test: true, escalation: { minutesWaiting: 20, level: 2 } },
    })
  })

  it('keeps webhook-id across attempts so the receiver can drop the repeat', async () => {
    const context = sendContext({ idempotencyKey: 'dlv_lead-7_crm_new-lead' })
    await channel().send(leadAlert({ leadId: 'lead-7' }), context)
    await channel().send(leadAlert({ leadId: 'lead-7' }), { ...context, attempt: 2 })
    expect(receiver.attempts.map((a) => a.id)).toEqual(['dlv_lead-7_crm_new-lead', 'dlv_lead-7_crm_new-lead'])
    expect(receiver.deliveries).toHaveLength(1)
    expect(receiver.duplicates).toBe(1)
  })

  it('signs a fresh timestamp on each attempt, with the same id', async () => {
    const context = sendContext()
    for (const secondsAgo of [60, 0]) {
      const clock = { now: () => new Date(Date.now() - secondsAgo * 1000) }
      const sender = createWebhookChannel({ name: 'w', url: receiver.url, secret: SECRET, sendTestLeads: true, clock })
      expect(await sender.send(leadAlert(), context)).toEqual({ kind: 'delivered' })
    }
    const [first, second] = receiver.attempts
    expect(first!.id).toBe(second!.id)
    expect(Number(second!.timestamp) - Number(first!.timestamp)).toBeGreaterThanOrEqual(59)
  })

  it('is refused when its clock is far off, since the signature covers the timestamp', async () => {
    const clock = { now: () => new Date(Date.now() - 60 * 60 * 1000) }
    const sender = createWebhookChannel({ name: 'w', url: receiver.url, secret: SECRET, sendTestLeads: true, clock })
    expect(await sender.send(leadAlert(), sendContext())).toEqual({ kind: 'rejected', reason: 'HTTP 401' })
    expect(receiver.badSignatures).toBe(1)
  })

  it('is refused by a receiver holding another secret', async () => {
    const other = `whsec_${Buffer.from('another-secret-of-at-least-24-bytes').toString('base64')}`
    expect(await channel({ secret: other }).send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'HTTP 401',
    })
    expect(receiver.badSignatures).toBe(1)
  })

  it('retries a 429 not before Retry-After', async () => {
    receiver.answerWith({ status: 429, retryAfter: '120' })
    const before = Date.now()
    const outcome = await channel().send(leadAlert(), sendContext())
    expect(outcome).toMatchObject({ kind: 'retry', reason: 'HTTP 429' })
    const notBefore = (outcome as { notBefore: Date }).notBefore.getTime()
    expect(notBefore).toBeGreaterThanOrEqual(before + 119_000)
    expect(notBefore).toBeLessThanOrEqual(Date.now() + 120_000)
  })

  it('retries a 500', async () => {
    receiver.answerWith({ status: 500, body: 'Internal Server Error' })
    expect(await channel().send(leadAlert(), sendContext())).toEqual({ kind: 'retry', reason: 'HTTP 500' })
  })

  it('reports 410 as gone', async () => {
    receiver.answerWith({ status: 410 })
    expect(await channel().send(leadAlert(), sendContext())).toMatchObject({ kind: 'gone' })
  })

  it('does not follow a 301 redirect', async () => {
    receiver.answerWith({ status: 301, location: `${receiver.url}/moved` })
    expect(await channel().send(leadAlert(), sendContext())).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('redirects are not followed'),
    })
    expect(receiver.attempts).toHaveLength(1)
  })

  it('rejects another 4xx with a readable, safe reason', async () => {
    receiver.answerWith({ status: 422, body: '{"error":"unknown_event_type"}' })
    expect(await channel().send(leadAlert(), sendContext())).toEqual({
      kind: 'rejected',
      reason: 'HTTP 422 (unknown_event_type)',
    })
  })

  it('retries when the receiver does not answer in time', async () => {
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`
    try {
      expect(await channel({ url, timeoutMs: 100 }).send(leadAlert(), sendContext())).toEqual({
        kind: 'retry',
        reason: 'no answer within 0.1 s',
      })
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
  })

  it('retries when the receiver is down', async () => {
    const url = receiver.url
    await receiver.close()
    expect(await channel({ url }).send(leadAlert(), sendContext())).toMatchObject({ kind: 'retry' })
    receiver = await startWebhookReceiver({ secret: SECRET })
  })

  it('gives up at once when the job is cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await channel().send(leadAlert(), sendContext({ signal: controller.signal }))).toMatchObject({
      kind: 'retry',
    })
    expect(receiver.attempts).toHaveLength(0)
  })

  it('refuses a secret that is not a whsec_ secret', () => {
    expect(() => channel({ secret: 'plain-secret' })).toThrow(/whsec_/)
  })
})

describe('webhookId', () => {
  it('is the idempotency key when the key is safe to sign', () => {
    expect(webhookId('dlv_lead-1_crm_new-lead')).toBe('dlv_lead-1_crm_new-lead')
  })

  it('is a stable digest when the key holds a full stop, which the signed content cannot take', () => {
    const id = webhookId('lead.1/crm/new-lead')
    expect(id).toMatch(/^msg_[0-9a-f]{32}$/)
    expect(webhookId('lead.1/crm/new-lead')).toBe(id)
    const body = '{}'
    const now = new Date()
    const signature = new Webhook(SECRET).sign(id, now, body)
    expect(() =>
      new Webhook(SECRET).verify(body, {
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).not.toThrow()
  })
})
