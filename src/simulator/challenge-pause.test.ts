import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import { TEST_SECRET, testSimulator } from './test-helpers.js'

const HOUR = 3_600_000
let receiver: FakeReceiver
afterEach(async () => receiver?.close())

// Issue 7: "no challenge for longer than the re-validation interval plus a margin" must be testable;
// LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, “Validating the Webhook Endpoint” (periodic re-validation) (re-validation every 2 hours).
describe('POST /simulator/webhooks/pause-challenges', () => {
  it('stops re-validation challenges until resumed; GET /simulator/webhooks shows the last challenge time', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    const t = testSimulator()
    await t.simulator.subscribe(receiver.url)
    const subscribedAt = t.clock.now().getTime()
    const state = async () => (await t.simulator.app.inject({ method: 'GET', url: '/simulator/webhooks' })).json()
    expect((await state()).webhooks[0]).toMatchObject({ lastChallengeAt: subscribedAt, lastChallengeOutcome: 'passed' })

    const paused = await t.simulator.app.inject({ method: 'POST', url: '/simulator/webhooks/pause-challenges' })
    expect(paused.json()).toMatchObject({ challengesPaused: true })
    for (let i = 0; i < 3; i++) {
      t.clock.advance(2 * HOUR)
      await t.simulator.tick()
    }
    expect(receiver.challenges()).toHaveLength(1)
    expect((await state()).webhooks[0]).toMatchObject({ status: 'ACTIVE', lastChallengeAt: subscribedAt })

    const resumed = await t.simulator.app.inject({ method: 'POST', url: '/simulator/webhooks/resume-challenges' })
    expect(resumed.json()).toMatchObject({ challengesPaused: false })
    await t.simulator.tick()
    expect(receiver.challenges()).toHaveLength(2)
    expect((await state()).webhooks[0]).toMatchObject({ lastChallengeAt: t.clock.now().getTime() })
  })

  it('records failed challenges too, and notifications still flow while challenges are paused', async () => {
    receiver = await startFakeReceiver(TEST_SECRET)
    const t = testSimulator()
    await t.simulator.subscribe(receiver.url)
    t.simulator.pauseChallenges()
    const lead = await t.simulator.app.inject({ method: 'POST', url: '/simulator/leads', payload: { formId: 7234246 } })
    expect(lead.json().deliveries).toMatchObject([{ outcome: 'delivered' }])
    t.simulator.pauseChallenges(false)
    receiver.behaviour.challenge = 'wrong'
    t.clock.advance(2 * HOUR)
    await t.simulator.tick()
    expect(t.simulator.sender.webhook(receiver.url)).toMatchObject({
      lastChallengeAt: t.clock.now().getTime(),
      lastChallengeOutcome: 'failed',
      consecutiveFailures: 1,
    })
  })
})
