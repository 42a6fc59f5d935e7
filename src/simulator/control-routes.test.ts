import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import type { LeadFormResponse } from './linkedin-types.js'
import { TEST_SECRET, testSimulator } from './test-helpers.js'
import type { Delivery } from './webhook-sender.js'

let receiver: FakeReceiver
afterEach(async () => receiver?.close())

async function subscribed() {
  receiver = await startFakeReceiver(TEST_SECRET)
  const t = testSimulator()
  await t.simulator.subscribe(receiver.url)
  return t
}

describe('control API /simulator', () => {
  it('POST /simulator/leads submits a lead with given answers, pushes it, and the REST API serves it', async () => {
    const { simulator, rest } = await subscribed()
    const res = await simulator.app.inject({
      method: 'POST',
      url: '/simulator/leads',
      payload: { formId: 7234246, answers: { FIRST_NAME: 'Ada', '807234246': 'Mexico' }, testLead: true },
    })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({
      leadType: 'SPONSORED',
      testLead: true,
      deliveries: [{ outcome: 'delivered', status: 200 }],
    })
    expect(JSON.parse(receiver.notifications()[0]!.body).leadGenFormResponse).toBe(body.leadGenFormResponse)
    const lead = (await rest(`/rest/leadFormResponses/${body.id}`)).json<LeadFormResponse>()
    const answers = Object.fromEntries(lead.formResponse.answers.map((a) => [a.questionId, a.answerDetails]))
    expect(answers[107234246]).toEqual({ textQuestionAnswer: { answer: 'Ada' } })
    expect(answers[807234246]).toEqual({ textQuestionAnswer: { answer: 'Mexico' } })
  })

  it('answers 404 to an unknown form and 400 to an unknown field', async () => {
    const { simulator } = testSimulator()
    expect(
      (await simulator.app.inject({ method: 'POST', url: '/simulator/leads', payload: { formId: 1 } })).statusCode,
    ).toBe(404)
    expect(
      (await simulator.app.inject({ method: 'POST', url: '/simulator/leads', payload: { color: 'red' } })).statusCode,
    ).toBe(400)
  })

  it('DELETE /simulator/leads/:id withdraws the lead, pushes DELETED, and the REST API answers 404', async () => {
    const { simulator, rest } = await subscribed()
    const { lead } = await simulator.submitLead({ formId: 7234246 })
    const res = await simulator.app.inject({ method: 'DELETE', url: `/simulator/leads/${lead.id}` })
    expect(res.statusCode).toBe(200)
    expect(JSON.parse(receiver.notifications().at(-1)!.body).leadAction).toBe('DELETED')
    expect((await rest(`/rest/leadFormResponses/${lead.id}`)).statusCode).toBe(404)
    expect((await simulator.app.inject({ method: 'DELETE', url: `/simulator/leads/${lead.id}` })).statusCode).toBe(404)
  })

  it("GET /simulator/deliveries shows challenges and notifications with the receiver's status and latency", async () => {
    const { simulator } = await subscribed()
    receiver.behaviour.notificationStatus = 503
    await simulator.submitLead({ formId: 7234246 })
    const { deliveries } = (await simulator.app.inject({ method: 'GET', url: '/simulator/deliveries' })).json<{
      deliveries: Delivery[]
    }>()
    expect(deliveries.map((d) => [d.kind, d.outcome, d.status])).toEqual([
      ['challenge', 'passed', 200],
      ['notification', 'failed', 503],
    ])
    expect(typeof deliveries[1]?.latencyMs).toBe('number')
    expect(deliveries[1]?.nextRetryAt).toBeDefined()
  })

  it('POST /simulator/stream with burst submits that many leads at once', async () => {
    const { simulator } = await subscribed()
    const res = await simulator.app.inject({ method: 'POST', url: '/simulator/stream', payload: { burst: 25 } })
    expect(res.json()).toMatchObject({ burst: { submitted: 25, failed: 0 } })
    expect(receiver.notifications()).toHaveLength(25)
  })

  it('POST /simulator/stream with a rate submits leads steadily until the rate is set to 0', async () => {
    const { simulator } = await subscribed()
    await simulator.app.inject({ method: 'POST', url: '/simulator/stream', payload: { rate: 100 } })
    const until = Date.now() + 5000
    while (receiver.notifications().length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
    const stopped = await simulator.app.inject({ method: 'POST', url: '/simulator/stream', payload: { rate: 0 } })
    expect(stopped.json()).toMatchObject({ rate: 0 })
    expect(receiver.notifications().length).toBeGreaterThanOrEqual(3)
  })
})
