import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import type { LeadFormResponse } from './linkedin-types.js'
import { enc, TEST_SECRET, testSimulator } from './test-helpers.js'
import type { Delivery } from './webhook-sender.js'

let receiver: FakeReceiver
afterEach(async () => receiver?.close())

async function subscribed() {
  receiver = await startFakeReceiver(TEST_SECRET)
  const t = testSimulator()
  await t.simulator.subscribe(receiver.url)
  return t
}

const submit = (t: Awaited<ReturnType<typeof subscribed>>, payload: Record<string, unknown> = {}) =>
  t.simulator.app.inject({ method: 'POST', url: '/simulator/leads', payload: { formId: 7234246, ...payload } })

const notifications = (t: Awaited<ReturnType<typeof subscribed>>) =>
  t.simulator.sender.deliveries().filter((d) => d.kind === 'notification')

// Issue 7 "Never miss a lead": reconciliation must recover what the push never brought.
describe('withholding a notification (POST /simulator/leads { withhold: true })', () => {
  it('stores the lead for the finder and get, and pushes nothing, recording no delivery', async () => {
    const t = await subscribed()
    const res = await submit(t, { withhold: true })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body).toMatchObject({ withheld: true, deliveries: [], submittedAt: expect.any(Number) })
    expect(receiver.notifications()).toHaveLength(0)
    expect(notifications(t)).toHaveLength(0)

    expect((await t.rest(`/rest/leadFormResponses/${body.id}`)).statusCode).toBe(200)
    const owner = t.simulator.owners.sponsoredAccounts[0]!.urn
    const range = `(start:${body.submittedAt},end:${body.submittedAt + 1})`
    const page = (
      await t.rest(
        `/rest/leadFormResponses?q=owner&owner=(sponsoredAccount:${enc(owner)})&leadType=(leadType:SPONSORED)&submittedAtTimeRange=${range}`,
      )
    ).json<{ elements: LeadFormResponse[] }>()
    expect(page.elements.map((l) => l.id)).toEqual([body.id])

    // The next lead is pushed as usual.
    expect((await submit(t)).json().deliveries).toMatchObject([{ outcome: 'delivered' }])
    expect(receiver.notifications()).toHaveLength(1)
  })
})

describe('dropping the next N notifications (POST /simulator/webhooks/drop { count })', () => {
  it('drops exactly N POSTs (recorded as dropped, never retried), then delivers again', async () => {
    const t = await subscribed()
    const set = await t.simulator.app.inject({ method: 'POST', url: '/simulator/webhooks/drop', payload: { count: 2 } })
    expect(set.statusCode).toBe(200)
    expect(set.json()).toMatchObject({ dropsPending: 2, challengesPaused: false })

    const outcomes: string[] = []
    for (let i = 0; i < 3; i++)
      outcomes.push(...(await submit(t)).json<{ deliveries: Delivery[] }>().deliveries.map((d) => d.outcome))
    expect(outcomes).toEqual(['dropped', 'dropped', 'delivered'])
    expect(receiver.notifications()).toHaveLength(1)
    expect(t.simulator.sender.pendingRetries()).toBe(0)
    t.clock.advance(60 * 60_000)
    await t.simulator.tick()
    expect(receiver.notifications()).toHaveLength(1)
    const state = await t.simulator.app.inject({ method: 'GET', url: '/simulator/webhooks' })
    expect(state.json()).toMatchObject({ dropsPending: 0 })
    // The dropped leads are still there for a pull to find.
    const dropped = notifications(t).filter((d) => d.outcome === 'dropped')
    for (const d of dropped) {
      const id = d.leadGenFormResponse!.split(':').at(-1)
      expect((await t.rest(`/rest/leadFormResponses/${id}`)).statusCode).toBe(200)
    }
  })

  it('rejects a count that is not a whole number ≥ 0, and the method form works too', async () => {
    const t = await subscribed()
    for (const payload of [{}, { count: -1 }, { count: 1.5 }]) {
      expect(
        (await t.simulator.app.inject({ method: 'POST', url: '/simulator/webhooks/drop', payload })).statusCode,
      ).toBe(400)
    }
    t.simulator.dropNotifications(1)
    expect((await submit(t)).json().deliveries).toMatchObject([{ outcome: 'dropped' }])
  })
})
