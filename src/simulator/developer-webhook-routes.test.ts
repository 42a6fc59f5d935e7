import { afterEach, describe, expect, it } from 'vitest'
import { type FakeReceiver, startFakeReceiver } from './fake-receiver.js'
import { TEST_SECRET, testSimulator } from './test-helpers.js'

let receivers: FakeReceiver[] = []
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  receivers = []
})

const byStatus = (status: string) => `/v2/developerWebhooks?q=parentApplication&queryCriteria=(webhookStatus:${status})`

async function oneBlockedOneActive() {
  const t = testSimulator({ revalidateEveryMs: 1000 })
  const [good, bad] = await Promise.all([startFakeReceiver(TEST_SECRET), startFakeReceiver(TEST_SECRET)])
  receivers = [good!, bad!]
  for (const r of receivers) expect((await t.simulator.subscribe(r.url)).status).toBe(201)
  bad!.behaviour.challenge = 'wrong'
  for (let i = 0; i < 3; i++) {
    t.clock.advance(1000)
    await t.simulator.tick()
  }
  return { ...t, good: good!, bad: bad! }
}

// linkedin-api.md §7: the developerWebhooks finder, as the simulator models it.
describe('GET /v2/developerWebhooks', () => {
  it('lists the webhooks with the asked status, from the sender state', async () => {
    const { rest, good, bad } = await oneBlockedOneActive()
    const blocked = await rest(byStatus('BLOCKED'), { 'linkedin-version': undefined })
    expect(blocked.statusCode).toBe(200)
    expect(blocked.json()).toMatchObject({
      paging: { start: 0, count: 10 },
      elements: [
        { developerApplication: 'urn:li:developerApplication:12345678', webhookUrl: bad.url, webhookStatus: 'BLOCKED' },
      ],
    })
    const active = (await rest(byStatus('ACTIVE'))).json() as { elements: { webhookUrl: string }[] }
    expect(active.elements.map((e) => e.webhookUrl)).toContain(good.url)
    expect(active.elements.map((e) => e.webhookUrl)).not.toContain(bad.url)
  })

  it('shows a re-validated webhook as ACTIVE again', async () => {
    const { rest, simulator, bad } = await oneBlockedOneActive()
    bad.behaviour.challenge = 'correct'
    await simulator.sender.validate(bad.url, 'manual')
    expect((await rest(byStatus('BLOCKED'))).json().elements).toEqual([])
  })

  it('answers 400 without the parentApplication finder or with an unknown status', async () => {
    const { rest } = testSimulator()
    expect((await rest('/v2/developerWebhooks')).statusCode).toBe(400)
    expect((await rest('/v2/developerWebhooks?q=criteria')).statusCode).toBe(400)
    expect((await rest(byStatus('PENDING'))).statusCode).toBe(400)
  })

  it('needs a bearer token and the Rest.li 2.0 header', async () => {
    const { rest } = testSimulator()
    expect((await rest(byStatus('ACTIVE'), { authorization: undefined })).statusCode).toBe(401)
    expect((await rest(byStatus('ACTIVE'), { 'x-restli-protocol-version': undefined })).statusCode).toBe(400)
  })
})
