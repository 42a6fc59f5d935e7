import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LeadAlert } from '../src/channels/index.js'
import { createLinkedInConversionsChannel } from '../src/channels/index.js'
import { createConversionsClient, createRestTransport } from '../src/linkedin/index.js'
import { currentVersion, LEAD_SYNC_SCOPES } from '../src/simulator/index.js'
import { TEST_TOKEN, testSimulator } from '../src/simulator/test-helpers.js'
import { leadAlert, sendContext } from './support/fakes/lead-alert.js'

let sim: ReturnType<typeof testSimulator>
let url: string
let rule: string
const requests: { method: string | undefined; batch: boolean }[] = []

const countingFetch: typeof fetch = async (input, init) => {
  requests.push({
    method: init?.method,
    batch: (init?.headers as Record<string, string> | undefined)?.['x-restli-method'] === 'BATCH_CREATE',
  })
  return fetch(input, init)
}

function transport(token = TEST_TOKEN) {
  return createRestTransport({
    baseUrl: url,
    version: currentVersion(sim.clock),
    timeoutMs: 5000,
    accessToken: async () => token,
    refreshAccessToken: async () => token,
    clock: sim.clock,
  })
}

function channel(token = TEST_TOKEN) {
  return createLinkedInConversionsChannel({
    name: 'linkedin-conversions',
    apiUrl: url,
    version: currentVersion(sim.clock),
    rules: { qualified: rule, won: rule },
    accessToken: async () => token,
    refreshAccessToken: async () => token,
    clock: sim.clock,
    fetch: countingFetch,
  })
}

const qualified = (overrides: Partial<LeadAlert> = {}): LeadAlert =>
  leadAlert({
    leadId: '6789',
    email: '  Dana.Whitfield@Acme.Example ',
    fields: { country: 'us' },
    conversion: { stage: 'qualified', happenedAt: sim.clock.now().getTime() - 60_000, amount: null, currency: null },
    ...overrides,
  })

beforeEach(async () => {
  sim = testSimulator()
  url = await sim.simulator.start(0)
  requests.length = 0
  const created = await createConversionsClient(transport()).createRule({
    account: sim.simulator.owners.sponsoredAccounts[0]!.urn,
    name: 'LeadRelay qualified',
    type: 'QUALIFIED_LEAD',
  })
  rule = created.urn
})
afterEach(() => sim.simulator.stop())

describe('LinkedIn conversion rules', () => {
  it('creates a CONVERSIONS_API rule and returns its URN', async () => {
    expect(rule).toMatch(/^urn:lla:llaPartnerConversion:\d+$/)
    const stored = sim.simulator.conversions.rules.get(Number(rule.split(':').at(-1)))
    expect(stored).toMatchObject({
      conversionMethod: 'CONVERSIONS_API',
      type: 'QUALIFIED_LEAD',
      name: 'LeadRelay qualified',
    })
  })

  it('names rw_conversions when the token lacks it', async () => {
    const token = sim.simulator.tokens.grant(LEAD_SYNC_SCOPES).access_token
    await expect(
      createConversionsClient(transport(token)).createRule({
        account: sim.simulator.owners.sponsoredAccounts[0]!.urn,
        name: 'x',
        type: 'LEAD',
      }),
    ).rejects.toThrow(/rw_conversions/)
  })
})

describe('conversion events', () => {
  it('sends one event with the hashed trimmed lower-cased e-mail, names, title, company, country and eventId', async () => {
    const outcome = await channel().send(qualified(), sendContext())
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(sim.simulator.conversions.events).toEqual([
      {
        conversion: rule,
        conversionHappenedAt: sim.clock.now().getTime() - 60_000,
        eventId: '6789:qualified',
        user: {
          userIds: [
            {
              idType: 'SHA256_EMAIL',
              idValue: createHash('sha256').update('dana.whitfield@acme.example').digest('hex'),
            },
          ],
          userInfo: {
            firstName: 'Dana',
            lastName: 'Whitfield',
            title: 'VP of Operations',
            companyName: 'Acme Logistics',
            countryCode: 'US',
          },
        },
      },
    ])
    expect(requests).toEqual([{ method: 'POST', batch: false }])
  })

  it('sends several due events as one BATCH_CREATE, with the won amount', async () => {
    const won = qualified({
      leadId: '6790',
      conversion: { stage: 'won', happenedAt: sim.clock.now().getTime(), amount: 12000, currency: 'USD' },
    })
    const outcome = await channel().sendDigest!([qualified(), won], sendContext())
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(requests).toEqual([{ method: 'POST', batch: true }])
    expect(sim.simulator.conversions.events.map((e) => [e.eventId, e.conversionValue])).toEqual([
      ['6789:qualified', undefined],
      ['6790:won', { currencyCode: 'USD', amount: '12000.00' }],
    ])
  })

  it('counts a resent event once: the eventId is the same on every attempt', async () => {
    await channel().send(qualified(), sendContext())
    await channel().send(qualified(), sendContext({ attempt: 2 }))
    expect(sim.simulator.conversions.received).toHaveLength(2)
    expect(sim.simulator.conversions.events).toHaveLength(1)
  })

  it('retries after 429 no sooner than Retry-After, and after 500', async () => {
    sim.simulator.faults.add({
      endpoint: 'conversionEvents',
      kind: '429-retry-after',
      count: 1,
      retryAfterSeconds: 7,
      delayMs: 0,
    })
    const throttled = await channel().send(qualified(), sendContext())
    expect(throttled).toMatchObject({ kind: 'retry', reason: expect.stringContaining('429') })
    expect(throttled.kind === 'retry' && throttled.notBefore?.getTime()).toBe(sim.clock.now().getTime() + 7000)
    sim.simulator.faults.add({ endpoint: 'conversionEvents', kind: '500', count: 1, retryAfterSeconds: 1, delayMs: 0 })
    expect((await channel().send(qualified(), sendContext())).kind).toBe('retry')
    expect(sim.simulator.conversions.events).toHaveLength(0)
  })

  it('dead-letters a 403 with a reason naming rw_conversions', async () => {
    const token = sim.simulator.tokens.grant(LEAD_SYNC_SCOPES).access_token
    const outcome = await channel(token).send(qualified(), sendContext())
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('rw_conversions') })
  })

  it('does not send an outcome older than 90 days', async () => {
    const old = qualified({
      conversion: {
        stage: 'qualified',
        happenedAt: sim.clock.now().getTime() - 91 * 86_400_000,
        amount: null,
        currency: null,
      },
    })
    const outcome = await channel().send(old, sendContext())
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('90 days') })
    expect(requests).toEqual([])
  })

  it('sends userInfo-only matching with an empty userIds list when there is no e-mail', async () => {
    await channel().send(qualified({ email: null }), sendContext())
    expect(sim.simulator.conversions.events[0]?.user.userIds).toEqual([])
  })
})
