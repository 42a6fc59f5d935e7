import { afterEach, describe, expect, it } from 'vitest'
import { signNotification } from '../linkedin/index.js'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import { TEST_SECRET, testSimulator } from './test-helpers.js'

const HOUR = 3_600_000
// Known-answer vectors from LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, the X-LI-Signature section on push events (secret `test-client-secret`).
const vectors = {
  notification: {
    body: '{"type":"LEAD_ACTION","leadGenFormResponse":"urn:li:leadGenFormResponse:249592fc-d272-44ba-a7db-c2bdce579507-6","owner":{"sponsoredAccount":"urn:li:sponsoredAccount:1234567"},"leadGenForm":"urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)","leadType":"SPONSORED","leadAction":"CREATED","occurredAt":1689894599288}',
    signatureOverPrefixedBody: 'a93b9df1f6cd23671f7738f58dd3a8f779f38d7cec668ff824e7889e4bd992a7',
    signatureOverPlainBody: '360534ab9f432a54efb7529e14635cfe81a96eefbb303b80d567705bf3e1a6ab',
  },
}
let receiver: FakeReceiver
afterEach(async () => receiver?.close())

async function subscribed(overrides: Parameters<typeof testSimulator>[0] = {}) {
  receiver = await startFakeReceiver(TEST_SECRET)
  const t = testSimulator(overrides)
  expect((await t.simulator.subscribe(receiver.url)).status).toBe(201)
  return t
}

// LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, the X-LI-Signature section on push events: X-LI-Signature = hex(HMAC-SHA256(clientSecret, "hmacsha256=" + body)), bare hex.
describe('signed LEAD_ACTION deliveries', () => {
  it('signs with bare hex over "hmacsha256=" + body by default (known-answer vector)', async () => {
    const { simulator } = await subscribed()
    const body = vectors.notification.body as string
    await simulator.sender.deliver([receiver.url], JSON.parse(body))
    const [post] = receiver.notifications()
    expect(post?.body).toBe(body)
    expect(post?.headers['content-type']).toBe('application/json')
    expect(post?.headers['x-li-signature']).toBe(vectors.notification.signatureOverPrefixedBody)
  })

  it('can send the hmacsha256= prefixed header instead', async () => {
    const { simulator } = await subscribed({ signature: { header: 'prefixed' } })
    await simulator.sender.deliver([receiver.url], JSON.parse(vectors.notification.body))
    expect(receiver.notifications()[0]?.headers['x-li-signature']).toBe(
      `hmacsha256=${vectors.notification.signatureOverPrefixedBody}`,
    )
  })

  it('can sign the plain body instead', async () => {
    const { simulator } = await subscribed({ signature: { body: 'plain-body' } })
    await simulator.sender.deliver([receiver.url], JSON.parse(vectors.notification.body))
    expect(receiver.notifications()[0]?.headers['x-li-signature']).toBe(vectors.notification.signatureOverPlainBody)
  })

  it('pushes CREATED for a submitted lead and DELETED when it is withdrawn, compact single objects', async () => {
    const { simulator } = await subscribed()
    const { lead, deliveries } = await simulator.submitLead({ formId: 7234246 })
    expect(deliveries.map((d) => d.outcome)).toEqual(['delivered'])
    await simulator.deleteLead(lead.id)
    const bodies = receiver.notifications().map((r) => JSON.parse(r.body))
    expect(bodies.map((b) => b.leadAction)).toEqual(['CREATED', 'DELETED'])
    expect(bodies[0]).toEqual({
      type: 'LEAD_ACTION',
      leadGenFormResponse: `urn:li:leadGenFormResponse:${lead.id}`,
      leadGenForm: lead.versionedLeadGenFormUrn,
      owner: { sponsoredAccount: 'urn:li:sponsoredAccount:1234567' },
      associatedEntity: { sponsoredCreative: lead.associatedEntity?.associatedCreative },
      leadType: 'SPONSORED',
      leadAction: 'CREATED',
      occurredAt: lead.submittedAt,
    })
    for (const r of receiver.notifications())
      expect(r.headers['x-li-signature']).toBe(signNotification(r.body, TEST_SECRET))
  })

  it('sends deliberate duplicates: the same body twice', async () => {
    const { simulator } = await subscribed()
    await simulator.submitLead({ formId: 7234246, duplicates: 1 })
    const [first, second] = receiver.notifications()
    expect(receiver.notifications()).toHaveLength(2)
    expect(second?.body).toBe(first?.body)
  })

  it('retries a failed delivery on the configured schedule, not before', async () => {
    const { simulator, clock } = await subscribed({ retryScheduleMs: [5 * 60_000, 10 * 60_000] })
    receiver.behaviour.notificationStatus = 500
    const { deliveries } = await simulator.submitLead({ formId: 7234246 })
    expect(deliveries[0]).toMatchObject({ outcome: 'failed', status: 500, attempt: 1 })
    clock.advance(5 * 60_000 - 1)
    await simulator.tick()
    expect(receiver.notifications()).toHaveLength(1)
    clock.advance(1)
    receiver.behaviour.notificationStatus = 200
    await simulator.tick()
    expect(receiver.notifications()).toHaveLength(2)
    expect(simulator.sender.deliveries().at(-1)).toMatchObject({ outcome: 'delivered', attempt: 2, status: 200 })
    expect(simulator.sender.pendingRetries()).toBe(0)
  })

  it('gives up after the last scheduled retry', async () => {
    const { simulator, clock } = await subscribed({ retryScheduleMs: [1000] })
    receiver.behaviour.notificationStatus = 503
    await simulator.submitLead({ formId: 7234246 })
    clock.advance(1000)
    await simulator.tick()
    clock.advance(HOUR)
    await simulator.tick()
    expect(receiver.notifications()).toHaveLength(2)
    expect(simulator.sender.pendingRetries()).toBe(0)
  })
})

// LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, “Validating the Webhook Endpoint” (periodic re-validation): re-validated every interval; three failures in a row → BLOCKED, nothing delivered.
describe('webhook re-validation and BLOCKED', () => {
  it('challenges again every re-validation interval', async () => {
    const { simulator, clock } = await subscribed({ revalidateEveryMs: 5000 })
    clock.advance(4999)
    await simulator.tick()
    expect(receiver.challenges()).toHaveLength(1)
    clock.advance(1)
    await simulator.tick()
    expect(receiver.challenges()).toHaveLength(2)
    expect(simulator.sender.deliveries().at(-1)).toMatchObject({
      kind: 'challenge',
      reason: 'revalidation',
      outcome: 'passed',
    })
  })

  it('blocks after three failed challenges in a row and delivers nothing while blocked', async () => {
    const { simulator, clock } = await subscribed({ revalidateEveryMs: 2 * HOUR })
    receiver.behaviour.challenge = 'wrong'
    for (let i = 1; i <= 3; i++) {
      expect(simulator.sender.webhook(receiver.url)?.status).toBe('ACTIVE')
      clock.advance(2 * HOUR)
      await simulator.tick()
      expect(simulator.sender.webhook(receiver.url)?.consecutiveFailures).toBe(i)
    }
    expect(simulator.sender.webhook(receiver.url)?.status).toBe('BLOCKED')
    const { deliveries } = await simulator.submitLead({ formId: 7234246 })
    expect(deliveries.map((d) => d.outcome)).toEqual(['skipped-blocked'])
    expect(receiver.notifications()).toHaveLength(0)
  })

  it('two failures and a pass do not block: the count is of failures in a row', async () => {
    const { simulator, clock } = await subscribed({ revalidateEveryMs: 1000 })
    for (const answer of ['wrong', 'wrong', 'correct', 'wrong', 'wrong'] as const) {
      receiver.behaviour.challenge = answer
      clock.advance(1000)
      await simulator.tick()
    }
    expect(simulator.sender.webhook(receiver.url)).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 2 })
  })

  it('a manual re-validation (control API) that passes makes a blocked webhook ACTIVE again', async () => {
    const { simulator, clock } = await subscribed({ revalidateEveryMs: 1000 })
    receiver.behaviour.challenge = 'wrong'
    for (let i = 0; i < 3; i++) {
      clock.advance(1000)
      await simulator.tick()
    }
    expect(simulator.sender.webhook(receiver.url)?.status).toBe('BLOCKED')
    receiver.behaviour.challenge = 'correct'
    const res = await simulator.app.inject({
      method: 'POST',
      url: '/simulator/webhooks/revalidate',
      payload: { webhook: receiver.url },
    })
    expect(res.json()).toMatchObject({ passed: true, status: 'ACTIVE' })
    const { deliveries } = await simulator.submitLead({ formId: 7234246 })
    expect(deliveries.map((d) => d.outcome)).toEqual(['delivered'])
  })

  it('re-subscribing a blocked webhook re-validates it', async () => {
    const { simulator, clock } = await subscribed({ revalidateEveryMs: 1000 })
    receiver.behaviour.challenge = 'wrong'
    for (let i = 0; i < 3; i++) {
      clock.advance(1000)
      await simulator.tick()
    }
    receiver.behaviour.challenge = 'correct'
    expect((await simulator.subscribe(receiver.url)).status).toBe(201)
    expect(simulator.sender.webhook(receiver.url)).toMatchObject({ status: 'ACTIVE', consecutiveFailures: 0 })
  })
})
