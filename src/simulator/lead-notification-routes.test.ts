import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import { enc, TEST_SECRET, testSimulator } from './test-helpers.js'

const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
let receiver: FakeReceiver
afterEach(async () => receiver?.close())

const subscription = (webhook: string) => ({ webhook, owner: { sponsoredAccount: ACCOUNT }, leadType: 'SPONSORED' })

// LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, “Lead Notification Subscriptions”; LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, “Validating the Webhook Endpoint” (periodic re-validation).
describe('/rest/leadNotifications', () => {
  it('challenges the webhook before creating; 201, empty body, id in x-restli-id', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    const { simulator, rest } = testSimulator()
    const res = await rest('/rest/leadNotifications', {}, 'POST', subscription(receiver.url))
    expect(res.statusCode).toBe(201)
    expect(res.body).toBe('')
    expect(res.headers['x-restli-id']).toMatch(/^\d+$/)
    expect(receiver.challenges()).toHaveLength(1)
    expect(new URL(receiver.challenges()[0]!.url, 'http://x').searchParams.get('challengeCode')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(simulator.sender.webhook(receiver.url)?.status).toBe('ACTIVE')
  })

  it('refuses to subscribe a URL that fails the challenge, and creates nothing', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    receiver.behaviour.challenge = 'wrong'
    const { simulator, rest } = testSimulator()
    const res = await rest('/rest/leadNotifications', {}, 'POST', subscription(receiver.url))
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('This URL did not pass the security challenge check')
    expect(simulator.subscriptions.list()).toEqual([])
  })

  it('refuses a challenge answer that is not application/json', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    receiver.behaviour.challenge = 'not-json'
    const { rest } = testSimulator()
    expect((await rest('/rest/leadNotifications', {}, 'POST', subscription(receiver.url))).statusCode).toBe(400)
  })

  it('answers 400 to an owner/leadType mismatch without challenging', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    const { rest } = testSimulator()
    const res = await rest('/rest/leadNotifications', {}, 'POST', { ...subscription(receiver.url), leadType: 'EVENT' })
    expect(res.statusCode).toBe(400)
    expect(receiver.challenges()).toHaveLength(0)
  })

  it('finds subscriptions with q=criteria and owner=(value:(…)), gets one, deletes it with 204', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    const { rest } = testSimulator()
    const id = Number(
      (await rest('/rest/leadNotifications', {}, 'POST', subscription(receiver.url))).headers['x-restli-id'],
    )
    const found = await rest(
      `/rest/leadNotifications?q=criteria&owner=(value:(sponsoredAccount:${enc(ACCOUNT)}))&leadType=(leadType:SPONSORED)`,
    )
    expect(found.statusCode).toBe(200)
    expect(found.json().elements).toEqual([{ id, ...subscription(receiver.url) }])
    expect((await rest(`/rest/leadNotifications?q=criteria&owner=(sponsoredAccount:${enc(ACCOUNT)})`)).statusCode).toBe(
      400,
    )
    expect((await rest(`/rest/leadNotifications/${id}`)).json()).toEqual({ id, ...subscription(receiver.url) })
    const deleted = await rest(`/rest/leadNotifications/${id}`, {}, 'DELETE')
    expect(deleted.statusCode).toBe(204)
    expect((await rest(`/rest/leadNotifications/${id}`)).statusCode).toBe(404)
    expect((await rest(`/rest/leadNotifications/${id}`, {}, 'DELETE')).statusCode).toBe(404)
  })
})
