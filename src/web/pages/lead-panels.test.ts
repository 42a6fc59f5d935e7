import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, insertLeads, leadRow, PASSWORD, TEAM_YAML } from '../../../test/support/web-fixtures.js'
import { postForm, signIn, type WebSession } from '../../../test/support/web-session.js'
import { deliveriesRepository, leadsRepository, sequencesRepository } from '../../store/index.js'

let server: TestServer
let now: number

beforeEach(async () => {
  const yaml = `${TEAM_YAML}\noutcomes:\n  disqualifyReasons: [no-budget, competitor]\nconversions:\n  qualified: urn:lla:llaPartnerConversion:104012\n`
  server = await buildTestServer({ yaml })
  now = server.clock.now().getTime()
  await addUsers(server.store, now)
  await insertLeads(server.store, [
    leadRow('l1', now - 600_000, { owner_id: 'ana', name: 'Ada Byron' }),
    leadRow('l2', now - 300_000, { owner_id: 'ben', name: 'Bea Stone' }),
  ])
})
afterEach(() => server.close())

const get = (session: WebSession, url: string) => server.app.inject({ url, headers: { cookie: session.cookie } })
const lead = (id: string) => leadsRepository.getLead(server.store.db, id)
const outcomeEntries = async (id: string) =>
  (await leadsRepository.getTimeline(server.store.db, id)).filter((e) => e.kind === 'outcome').map((e) => e.detail)

describe('recording an outcome from the lead page', () => {
  it('offers a labelled form with the configured reasons and shows the current outcome', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const page = (await get(ana, '/leads/l1')).body
    expect(page).toContain('No outcome recorded yet.')
    expect(page).toMatch(/<form method="post" action="\/leads\/l1\/outcome"[^>]*><input type="hidden" name="_csrf"/)
    for (const [id, label] of [
      ['outcome-stage', 'Stage'],
      ['outcome-reason', 'Reason (disqualified)'],
      ['outcome-amount', 'Amount (won)'],
      ['outcome-currency', 'Currency (won)'],
    ])
      expect(page).toContain(`<label for="${id}">${label}</label>`)
    expect(page).toContain('<option value="competitor">competitor</option>')
    await postForm(server.app, ana, '/leads/l1/outcome', { outcome: 'won', amount: '12000', currency: 'usd' })
    expect((await get(ana, '/leads/l1?done=outcome')).body).toContain(
      'won (12000 USD), set by ana at 11/27/2026 07:00 AM EST',
    )
  })

  it('records each stage through the same code as the API: timeline entry by the user, via the dashboard', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const steps: [Record<string, string>, string][] = [
      [{ outcome: 'contacted' }, 'contacted by ana via dashboard'],
      [{ outcome: 'qualified', reason: '', amount: '' }, 'qualified by ana via dashboard; was contacted'],
      [
        { outcome: 'disqualified', reason: 'no-budget' },
        'disqualified (no-budget) by ana via dashboard; was qualified',
      ],
      [{ outcome: 'won', amount: '12000', currency: 'USD' }, 'won (12000 USD) by ana via dashboard; was disqualified'],
      [{ outcome: 'lost', amount: '5' }, 'lost by ana via dashboard; was won'],
    ]
    for (const [fields] of steps) {
      const res = await postForm(server.app, ana, '/leads/l1/outcome', fields)
      expect(res.statusCode, fields.outcome).toBe(303)
      expect(res.headers.location).toBe('/leads/l1?done=outcome')
    }
    expect(await outcomeEntries('l1')).toEqual(steps.map(([, entry]) => entry))
    expect(await lead('l1')).toMatchObject({ outcome: 'lost', outcome_by: 'ana', won_amount: null })
    // qualified is mapped to a conversion rule: its Conversions API delivery was queued with the outcome.
    const deliveries = await deliveriesRepository.listDeliveries(server.store.db, { leadId: 'l1', limit: 10 })
    expect(deliveries.map((d) => [d.channel, d.kind])).toEqual([['linkedin-conversions', 'conversion:qualified']])
    const again = await postForm(server.app, ana, '/leads/l1/outcome', { outcome: 'lost' })
    expect(again.headers.location).toBe('/leads/l1?done=outcome-unchanged')
  })

  it('refuses won without an amount and disqualified without a listed reason, with a clear error, and records nothing', async () => {
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    for (const [fields, message] of [
      [{ outcome: 'won', amount: '', currency: 'USD' }, 'won needs an amount: a number ≥ 0, e.g. 12000'],
      [{ outcome: 'won', amount: '100', currency: 'dollars' }, 'won needs a currency: an ISO 4217 code such as USD'],
      [{ outcome: 'disqualified', reason: '' }, 'disqualified needs a reason: one of no-budget, competitor'],
      [{ outcome: 'disqualified', reason: 'too-tall' }, 'disqualified needs a reason: one of no-budget, competitor'],
      [{ outcome: 'promoted' }, 'must be one of contacted, qualified, disqualified, won, lost'],
    ] as const) {
      const res = await postForm(server.app, manager, '/leads/l2/outcome', fields)
      expect(res.statusCode, JSON.stringify(fields)).toBe(400)
      expect(res.body).toContain(`<p class="error" role="alert">Outcome not recorded: ${message}.</p>`)
    }
    expect(await outcomeEntries('l2')).toEqual([])
    expect((await lead('l2'))?.outcome).toBeNull()
  })

  it("lets a rep record on their own leads only: someone else's answers 404 and changes nothing; managers record on any", async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    expect((await postForm(server.app, ana, '/leads/l2/outcome', { outcome: 'qualified' })).statusCode).toBe(404)
    expect((await postForm(server.app, ana, '/leads/nope/outcome', { outcome: 'qualified' })).statusCode).toBe(404)
    expect((await lead('l2'))?.outcome).toBeNull()
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    expect((await postForm(server.app, manager, '/leads/l2/outcome', { outcome: 'qualified' })).statusCode).toBe(303)
    expect(await outcomeEntries('l2')).toEqual(['qualified by manager@example.com via dashboard'])
  })

  it('needs the CSRF token like every other action', async () => {
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const res = await postForm(server.app, ana, '/leads/l1/outcome', { outcome: 'qualified' }, { csrf: false })
    expect(res.statusCode).toBe(403)
    expect((await lead('l1'))?.outcome).toBeNull()
  })
})

describe('the sequence panel on the lead page', () => {
  async function enrol(leadId: string, owner: string) {
    const id = await sequencesRepository.insertEnrolment(server.store.db, {
      ...{ lead_id: leadId, sequence: 'hot-follow-up', owner_id: owner, lead_email: `${leadId}@acme.com` },
      ...{ time_zone: 'America/Chicago', state: 'active', enrolled_at: now, updated_at: now },
    })
    if (id === undefined) throw new Error('not enrolled')
    await sequencesRepository.insertSteps(server.store.db, [
      { enrolment_id: id, step_id: 'intro', position: 0, type: 'email', state: 'sent', due_at: now - 60_000 },
      { enrolment_id: id, step_id: 'call', position: 1, type: 'task', state: 'pending', due_at: now + 2 * 3_600_000 },
    ])
  }

  it('shows the sequence, its state and next step in local time with a link to the full view; nothing for a lead in none', async () => {
    await enrol('l1', 'ana')
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const page = (await get(ana, '/leads/l1')).body
    expect(page).toContain('<h2 id="h-sequence">Follow-up sequence</h2>')
    expect(page).toContain('hot-follow-up: </span><span class="badge ok">active</span>')
    expect(page).toContain('Next step: call (task), due 11/27/2026 09:00 AM EST')
    expect(page).toContain('<a href="/leads/l1/sequence">Full sequence view</a>')
    expect(page).toContain('Stop sequence')
    const manager = await signIn(server.app, 'manager@example.com', PASSWORD)
    expect((await get(manager, '/leads/l2')).body).not.toContain('Follow-up sequence')
  })

  it('stops the sequence when an outcome that ends it is recorded from the lead page', async () => {
    await enrol('l1', 'ana')
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    await postForm(server.app, ana, '/leads/l1/outcome', { outcome: 'contacted' })
    expect((await sequencesRepository.getEnrolmentByLead(server.store.db, 'l1'))?.state).toBe('active')
    await postForm(server.app, ana, '/leads/l1/outcome', { outcome: 'qualified' })
    expect(await sequencesRepository.getEnrolmentByLead(server.store.db, 'l1')).toMatchObject({
      state: 'stopped',
      stop_reason: 'qualified',
    })
    expect((await get(ana, '/leads/l1')).body).toContain('<span class="badge bad">stopped (qualified)</span>')
  })

  it('stops the sequence from the panel and comes back to the lead page, which then shows it stopped', async () => {
    await enrol('l1', 'ana')
    const ana = await signIn(server.app, 'ana@example.com', PASSWORD)
    const res = await postForm(server.app, ana, '/leads/l1/sequence/stop', { back: 'lead' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/leads/l1')
    const page = (await get(ana, '/leads/l1')).body
    expect(page).toContain('<span class="badge bad">stopped (manual)</span>')
    expect(page).toContain('No step left to run.')
    expect(page).not.toContain('Stop sequence')
  })
})
