import { describe, expect, it } from 'vitest'
import type { LeadForm, LeadFormResponse } from './linkedin-types.js'
import { enc, testSimulator } from './test-helpers.js'

const DAY = 86_400_000
const ACCOUNT = 'urn:li:sponsoredAccount:1234567'
const finder = (extra = '', owner = `(sponsoredAccount:${enc(ACCOUNT)})`, leadType = 'SPONSORED') =>
  `/rest/leadFormResponses?q=owner&owner=${owner}&leadType=(leadType:${leadType})${extra}`

type Page<T> = { paging: { start: number; count: number; total: number; links: unknown[] }; elements: T[] }

describe('GET /rest/leadFormResponses (finder q=owner)', () => {
  it('returns only real leads of that owner and lead type, newest first, with paging and total', async () => {
    const { simulator, rest } = testSimulator()
    const res = await rest(finder('&count=100'))
    expect(res.statusCode).toBe(200)
    const page = res.json<Page<LeadFormResponse>>()
    const expected = simulator.store
      .leads()
      .filter((l) => 'sponsoredAccount' in l.owner && l.owner.sponsoredAccount === ACCOUNT && !l.testLead)
    expect(page.paging).toEqual({ start: 0, count: 100, links: [], total: expected.length })
    expect(page.elements.map((l) => l.id)).toEqual(expected.map((l) => l.id))
    expect(page.elements.every((l) => l.leadType === 'SPONSORED' && l.testLead === false)).toBe(true)
  })

  it('pages with start/count until a page holds fewer elements than count, without repeats', async () => {
    const { rest } = testSimulator()
    const total = (await rest(finder('&count=100'))).json<Page<LeadFormResponse>>().paging.total
    const seen: string[] = []
    for (let start = 0; ; start += 3) {
      const page = (await rest(finder(`&start=${start}&count=3`))).json<Page<LeadFormResponse>>()
      seen.push(...page.elements.map((l) => l.id))
      if (page.elements.length < 3) break
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const past = (await rest(finder(`&start=${total}&count=3`))).json<Page<LeadFormResponse>>()
    expect(past.elements).toEqual([])
  })

  it('answers 400 when owner and leadType do not pair (SPONSORED needs an ad account, others an organization)', async () => {
    const { simulator, rest } = testSimulator()
    const org = simulator.owners.organizations[0]!.urn
    expect((await rest(finder('', `(sponsoredAccount:${enc(ACCOUNT)})`, 'EVENT'))).statusCode).toBe(400)
    const res = await rest(finder('', `(organization:${enc(org)})`, 'SPONSORED'))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ status: 400, message: expect.stringContaining('sponsoredAccount') })
    expect((await rest(finder('', `(organization:${enc(org)})`, 'EVENT'))).statusCode).toBe(200)
  })

  it('answers 400 to a malformed owner, a missing leadType or an unknown finder', async () => {
    const { rest } = testSimulator()
    expect((await rest(finder('', '(sponsoredAccount:urn:li:sponsoredAccount:1234567)'))).statusCode).toBe(400)
    expect((await rest(finder('', enc(`(sponsoredAccount:${ACCOUNT})`)))).statusCode).toBe(400)
    expect((await rest(`/rest/leadFormResponses?q=owner&owner=(sponsoredAccount:${enc(ACCOUNT)})`)).statusCode).toBe(
      400,
    )
    expect(
      (
        await rest(
          `/rest/leadFormResponses?q=search&owner=(sponsoredAccount:${enc(ACCOUNT)})&leadType=(leadType:SPONSORED)`,
        )
      ).statusCode,
    ).toBe(400)
  })

  it('answers 403 ACCESS_DENIED for an owner the member has no role on', async () => {
    const { rest } = testSimulator()
    const res = await rest(finder('', `(sponsoredAccount:${enc('urn:li:sponsoredAccount:999')})`))
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: 'Not enough permissions to access: leadFormResponses.GET.20260301',
    })
  })

  it('limitedToTestLeads=true returns only test leads', async () => {
    const { simulator, rest } = testSimulator()
    await simulator.submitLead({ formId: 7234246, testLead: true })
    const page = (await rest(finder('&limitedToTestLeads=true&count=100'))).json<Page<LeadFormResponse>>()
    expect(page.elements.length).toBeGreaterThan(0)
    expect(page.elements.every((l) => l.testLead)).toBe(true)
  })

  it('filters by versionedLeadGenFormUrn, fully encoded', async () => {
    const { simulator, rest } = testSimulator()
    const demoForm = [...simulator.forms.entries()].find(([, f]) => f.versions.length > 1)!
    const urn = `urn:li:versionedLeadGenForm:(urn:li:leadGenForm:${demoForm[0]},2)`
    await simulator.submitLead({ formId: demoForm[0], versionId: 2 })
    const page = (await rest(finder(`&versionedLeadGenFormUrn=${enc(urn)}&count=100`))).json<Page<LeadFormResponse>>()
    expect(page.elements.length).toBeGreaterThan(0)
    expect(page.elements.every((l) => l.versionedLeadGenFormUrn === urn)).toBe(true)
    expect((await rest(finder(`&versionedLeadGenFormUrn=${urn}`))).statusCode).toBe(400)
  })

  it('filters by submittedAtTimeRange [start, end) and requires start', async () => {
    const { simulator, clock, rest } = testSimulator()
    const now = clock.now().getTime()
    const { lead } = await simulator.submitLead({ formId: 7234246 })
    const inRange = (await rest(finder(`&submittedAtTimeRange=(start:${now})&count=100`))).json<
      Page<LeadFormResponse>
    >()
    expect(inRange.elements.map((l) => l.id)).toEqual([lead.id])
    const before = (await rest(finder(`&submittedAtTimeRange=(start:${now - DAY},end:${now})&count=100`))).json<
      Page<LeadFormResponse>
    >()
    expect(before.elements.map((l) => l.id)).not.toContain(lead.id)
    expect((await rest(finder(`&submittedAtTimeRange=(end:${now})`))).statusCode).toBe(400)
  })

  it('keeps leads for 365 days only: older ones vanish from the finder and from get', async () => {
    const { simulator, clock, rest } = testSimulator()
    const { lead } = await simulator.submitLead({ formId: 7234246 })
    clock.advance(364 * DAY)
    expect((await rest(`/rest/leadFormResponses/${lead.id}`)).statusCode).toBe(200)
    clock.advance(DAY)
    expect((await rest(`/rest/leadFormResponses/${lead.id}`)).statusCode).toBe(404)
    const page = (await rest(finder('&count=1000'))).json<Page<LeadFormResponse>>()
    expect(page.elements.every((l) => l.submittedAt > clock.now().getTime() - 365 * DAY)).toBe(true)
  })
})

describe('GET /rest/leadFormResponses/{id}', () => {
  it('returns the lead as LinkedIn serialises it', async () => {
    const { simulator, rest } = testSimulator()
    const lead = simulator.store.leads()[0]!
    const res = await rest(`/rest/leadFormResponses/${lead.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(lead)
  })

  it('projects fields, inlining the answered form version with form:(…)', async () => {
    const { simulator, rest } = testSimulator()
    const demoForm = [...simulator.forms.entries()].find(([, f]) => f.versions.length > 1)!
    const { lead } = await simulator.submitLead({ formId: demoForm[0], versionId: 1 })
    const res = await rest(
      `/rest/leadFormResponses/${lead.id}?fields=id,testLead,ownerInfo,form:(id,versionId,hiddenFields,creationLocale)`,
    )
    expect(res.statusCode).toBe(200)
    const body = res.json<{ id: string; form: Partial<LeadForm> }>()
    expect(Object.keys(body).sort()).toEqual(['form', 'id', 'ownerInfo', 'testLead'])
    expect(body.form).toEqual({
      id: demoForm[0],
      versionId: 1,
      hiddenFields: demoForm[1].versions[0]!.hiddenFields,
      creationLocale: { country: 'US', language: 'en' },
    })
  })

  it('answers 400 to a malformed projection and 404 to an unknown id', async () => {
    const { simulator, rest } = testSimulator()
    const lead = simulator.store.leads()[0]!
    expect((await rest(`/rest/leadFormResponses/${lead.id}?fields=id,form:(id`)).statusCode).toBe(400)
    const missing = await rest('/rest/leadFormResponses/00000000-0000-4000-8000-000000000000-1')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ status: 404 })
  })
})

describe('GET /rest/leadForms', () => {
  it('gets a form by id in its latest version', async () => {
    const { simulator, rest } = testSimulator()
    const [id, form] = [...simulator.forms.entries()].find(([, f]) => f.versions.length > 1)!
    const res = await rest(`/rest/leadForms/${id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual(form.versions.at(-1))
    expect((await rest('/rest/leadForms/1')).statusCode).toBe(404)
  })

  it("finds an owner's forms with q=owner and pages them", async () => {
    const { rest } = testSimulator()
    const all = (await rest(`/rest/leadForms?q=owner&owner=(sponsoredAccount:${enc(ACCOUNT)})`)).json<Page<LeadForm>>()
    expect(all.elements.map((f) => f.id)).toContain(7234246)
    expect(all.elements.every((f) => 'sponsoredAccount' in f.owner && f.owner.sponsoredAccount === ACCOUNT)).toBe(true)
    const first = (await rest(`/rest/leadForms?q=owner&owner=(sponsoredAccount:${enc(ACCOUNT)})&count=1`)).json<
      Page<LeadForm>
    >()
    expect(first.elements).toHaveLength(1)
    expect(first.paging.total).toBe(all.elements.length)
  })
})
