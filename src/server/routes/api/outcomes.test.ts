import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { leadAlert } from '../../../../test/support/fakes/lead-alert.js'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../../test/support/test-server.js'
import { leadMessage } from '../../../channels/index.js'
import { leadsRepository } from '../../../store/index.js'
import { signSlack } from '../../../util/index.js'

let server: TestServer
const T = Date.UTC(2026, 10, 27, 12)
const SIGNING = 'slack-signing-secret-0123'

beforeEach(async () => {
  server = await buildTestServer({ env: { SLACK_SIGNING_SECRET: SIGNING } })
  await leadsRepository.insertLeadIfNew(server.store.db, {
    id: '7',
    urn: 'urn:li:leadGenFormResponse:7',
    status: 'enriched',
    submitted_at: T - 3_600_000,
    received_at: T - 3_590_000,
    test: 0,
    source: 'webhook',
    fields: '{}',
    created_at: T,
    updated_at: T,
  })
})
afterEach(() => server.close())

const post = (id: string, body: unknown) =>
  server.app.inject({
    method: 'POST',
    url: `/api/leads/${id}/outcome`,
    headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  })
const lead = () => leadsRepository.getLead(server.store.db, '7')
const outcomeEntries = async () =>
  (await leadsRepository.getTimeline(server.store.db, '7')).filter((e) => e.kind === 'outcome').map((e) => e.detail)

describe('POST /api/leads/:id/outcome', () => {
  it('records qualified with who and when on the timeline, and counts it as the first contact', async () => {
    const res = await post('7', { outcome: 'qualified' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      result: 'recorded',
      lead: {
        outcome: { stage: 'qualified', by: 'api', at: new Date(T).toISOString() },
        contactedAt: new Date(T).toISOString(),
      },
    })
    expect(await outcomeEntries()).toEqual(['qualified by api via api'])
  })

  it('records won with its amount and currency, and keeps the earliest contact and qualification', async () => {
    await post('7', { outcome: 'contacted' })
    server.clock.advance(3_600_000)
    await post('7', { outcome: 'qualified' })
    server.clock.advance(3_600_000)
    const res = await post('urn:li:leadGenFormResponse:7', { outcome: 'won', amount: 12000, currency: 'usd' })
    expect(res.json().lead.outcome).toMatchObject({ stage: 'won', amount: 12000, currency: 'USD' })
    const row = await lead()
    expect(row).toMatchObject({ contacted_at: T, qualified_at: T + 3_600_000, won_amount: 12000 })
    expect(await outcomeEntries()).toEqual([
      'contacted by api via api',
      'qualified by api via api; was contacted',
      'won (12000 USD) by api via api; was qualified',
    ])
  })

  it('changes nothing when the same outcome is set twice', async () => {
    await post('7', { outcome: 'qualified' })
    server.clock.advance(60_000)
    const again = await post('7', { outcome: 'qualified' })
    expect(again.json().result).toBe('unchanged')
    expect(await outcomeEntries()).toHaveLength(1)
    expect((await lead())?.outcome_at).toBe(T)
  })

  it('needs a listed reason for disqualified', async () => {
    const missing = await post('7', { outcome: 'disqualified' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().message).toMatch(/^reason: disqualified needs a reason: one of not-a-fit, no-budget/)
    expect((await post('7', { outcome: 'disqualified', reason: 'ugly' })).statusCode).toBe(400)
    const ok = await post('7', { outcome: 'disqualified', reason: 'no-budget' })
    expect(ok.json().lead.outcome).toMatchObject({ stage: 'disqualified', reason: 'no-budget' })
  })

  it('refuses an unknown stage, a won without amount or currency, and a body that is not an object', async () => {
    expect((await post('7', { outcome: 'maybe' })).json().message).toMatch(/^outcome: must be one of contacted/)
    expect((await post('7', { outcome: 'won', currency: 'USD' })).json().message).toMatch(/^amount:/)
    expect((await post('7', { outcome: 'won', amount: 5, currency: 'dollars' })).json().message).toMatch(/^currency:/)
    expect((await post('7', ['qualified'])).statusCode).toBe(400)
    expect(await outcomeEntries()).toEqual([])
  })

  it('answers 404 for a lead it does not hold', async () => {
    expect((await post('404', { outcome: 'qualified' })).statusCode).toBe(404)
  })
})

describe('Slack outcome buttons', () => {
  const click = (actionId: string) => {
    const body = `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U0ANN' }, actions: [{ action_id: actionId, value: '7' }] }))}`
    const timestamp = Math.floor(T / 1000)
    return server.app.inject({
      method: 'POST',
      url: '/slack/interactivity',
      payload: body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${signSlack(body, timestamp, SIGNING)}`,
      },
    })
  }

  it('offers Contacted, Qualified and Not a fit beside "I\'m on it"', () => {
    const actions = leadMessage(leadAlert()).blocks.find((b) => b.type === 'actions')
    expect(actions && 'elements' in actions ? actions.elements.map((e) => [e.action_id, e.text.text]) : []).toEqual([
      ['ack', "I'm on it"],
      ['view', 'View lead'],
      ['outcome:contacted', 'Contacted'],
      ['outcome:qualified', 'Qualified'],
      ['outcome:disqualified', 'Not a fit'],
    ])
  })

  it('records Qualified and Not a fit (with the first configured reason) as the Slack user', async () => {
    const qualified = await click('outcome:qualified')
    expect(qualified.statusCode).toBe(200)
    expect(qualified.json().text).toBe('Recorded: qualified.')
    const notAFit = await click('outcome:disqualified')
    expect(notAFit.json().text).toBe('Recorded: not a fit (not-a-fit).')
    expect(await lead()).toMatchObject({
      outcome: 'disqualified',
      disqualify_reason: 'not-a-fit',
      outcome_by: 'slack:U0ANN',
    })
    expect(await outcomeEntries()).toEqual([
      'qualified by slack:U0ANN via slack',
      'disqualified (not-a-fit) by slack:U0ANN via slack; was qualified',
    ])
  })
})
