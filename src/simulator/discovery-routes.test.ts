import { describe, expect, it } from 'vitest'
import { enc, testSimulator } from './test-helpers.js'

type Page<T> = { paging: { start: number; count: number; total: number; links: unknown[] }; elements: T[] }
interface AdAccountUser {
  account: string
  user: string
  role: string
  changeAuditStamps: { created: { time: number }; lastModified: { time: number } }
}
interface Acl {
  roleAssignee: string
  organization: string
  role: string
  state: string
}

// Owner discovery for `leadrelay owners`: Ad Account Users API, Ad Accounts, Organization Access Control by
// Role (sources in discovery-routes.ts), with LinkedIn Lead Sync permissions, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/lead-sync-usecase (roles) and LinkedIn Error Handling, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling (error envelopes).
describe('GET /rest/adAccountUsers?q=authenticatedUser', () => {
  it('lists the member’s role on each seeded ad account: ACCOUNT_MANAGER on one, VIEWER only on the other', async () => {
    const { simulator, rest } = testSimulator()
    const res = await rest('/rest/adAccountUsers?q=authenticatedUser')
    expect(res.statusCode).toBe(200)
    const page = res.json<Page<AdAccountUser>>()
    const [first, second] = simulator.owners.sponsoredAccounts
    expect(page.paging).toEqual({ start: 0, count: 10, links: [], total: 2 })
    expect(page.elements.map((e) => [e.account, e.role])).toEqual([
      [first!.urn, 'ACCOUNT_MANAGER'],
      [second!.urn, 'VIEWER'],
    ])
    expect(page.elements.every((e) => e.user === simulator.discovery.member)).toBe(true)
    expect(simulator.discovery.member).toMatch(/^urn:li:person:[A-Za-z0-9_-]{10}$/)
    expect(page.elements[0]!.changeAuditStamps.created.time).toEqual(expect.any(Number))
  })

  it('pages with start/count and projects with fields', async () => {
    const { simulator, rest } = testSimulator()
    const one = (await rest('/rest/adAccountUsers?q=authenticatedUser&start=1&count=1')).json<Page<AdAccountUser>>()
    expect(one.paging).toEqual({ start: 1, count: 1, links: [], total: 2 })
    expect(one.elements.map((e) => e.account)).toEqual([simulator.owners.sponsoredAccounts[1]!.urn])
    const past = (await rest('/rest/adAccountUsers?q=authenticatedUser&start=2&count=1')).json<Page<AdAccountUser>>()
    expect(past.elements).toEqual([])
    const projected = (await rest('/rest/adAccountUsers?q=authenticatedUser&fields=account,role')).json<Page<unknown>>()
    expect(Object.keys(projected.elements[0] as object).sort()).toEqual(['account', 'role'])
  })

  it('answers 400 to an unknown finder', async () => {
    const { rest } = testSimulator()
    const res = await rest('/rest/adAccountUsers?q=everyone')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ status: 400, code: 'ILLEGAL_ARGUMENT' })
  })
})

describe('GET /rest/adAccounts', () => {
  it('gets one account by id with name, status, type, currency, test flag and reference organization', async () => {
    const { simulator, rest } = testSimulator()
    const { urn, name } = simulator.owners.sponsoredAccounts[0]!
    const id = urn.split(':').at(-1)
    const res = await rest(`/rest/adAccounts/${id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      id: Number(id),
      name,
      currency: 'USD',
      type: 'BUSINESS',
      status: 'ACTIVE',
      test: false,
      reference: simulator.owners.organizations[0]!.urn,
      servingStatuses: ['RUNNABLE'],
    })
    const missing = await rest('/rest/adAccounts/999')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' })
  })

  it('searches (q=search) the member’s accounts by status, test flag and id, with paging', async () => {
    const { simulator, rest } = testSimulator()
    const search = '(status:(values:List(ACTIVE)),test:false)'
    const all = (await rest(`/rest/adAccounts?q=search&search=${search}`)).json<Page<{ id: number }>>()
    expect(all.paging.total).toBe(2)
    const paged = (await rest(`/rest/adAccounts?q=search&search=${search}&start=0&count=1`)).json<Page<unknown>>()
    expect(paged.elements).toHaveLength(1)
    expect(paged.paging).toMatchObject({ start: 0, count: 1, total: 2 })
    const urn = simulator.owners.sponsoredAccounts[1]!.urn
    const byId = (await rest(`/rest/adAccounts?q=search&search=(id:(values:List(${enc(urn)})))`)).json<
      Page<{ id: number }>
    >()
    expect(byId.elements.map((a) => a.id)).toEqual([Number(urn.split(':').at(-1))])
    const tests = (await rest('/rest/adAccounts?q=search&search=(test:true)')).json<Page<unknown>>()
    expect(tests.elements).toEqual([])
    expect((await rest('/rest/adAccounts?q=search&search=(status:ACTIVE)')).statusCode).toBe(400)
  })
})

describe('GET /rest/organizationAcls?q=roleAssignee', () => {
  it('lists the member’s APPROVED ADMINISTRATOR role on the organization; state=APPROVED drops the pending request', async () => {
    const { simulator, rest } = testSimulator()
    const org = simulator.owners.organizations[0]!.urn
    const approved = (await rest('/rest/organizationAcls?q=roleAssignee&state=APPROVED')).json<Page<Acl>>()
    expect(approved.paging).toEqual({ start: 0, count: 10, links: [], total: 1 })
    expect(approved.elements[0]).toMatchObject({
      roleAssignee: simulator.discovery.member,
      organization: org,
      role: 'ADMINISTRATOR',
      state: 'APPROVED',
      created: { actor: simulator.discovery.member, time: expect.any(Number) },
      lastModified: { time: expect.any(Number) },
    })
    const all = (await rest('/rest/organizationAcls?q=roleAssignee')).json<Page<Acl>>()
    expect(all.elements.map((a) => [a.role, a.state])).toEqual([
      ['ADMINISTRATOR', 'APPROVED'],
      ['LEAD_GEN_FORMS_MANAGER', 'REQUESTED'],
    ])
    const byRole = (await rest('/rest/organizationAcls?q=roleAssignee&role=LEAD_GEN_FORMS_MANAGER')).json<Page<Acl>>()
    expect(byRole.elements.map((a) => a.state)).toEqual(['REQUESTED'])
    const second = (await rest('/rest/organizationAcls?q=roleAssignee&start=1&count=1')).json<Page<Acl>>()
    expect(second.paging).toEqual({ start: 1, count: 1, links: [], total: 2 })
    expect(second.elements.map((a) => a.role)).toEqual(['LEAD_GEN_FORMS_MANAGER'])
  })

  it('answers 400 to a bad state or finder, 403 to another member’s roles', async () => {
    const { rest } = testSimulator()
    expect((await rest('/rest/organizationAcls?q=roleAssignee&state=MAYBE')).statusCode).toBe(400)
    expect((await rest('/rest/organizationAcls?q=organization')).statusCode).toBe(400)
    const other = await rest(`/rest/organizationAcls?q=roleAssignee&roleAssignee=${enc('urn:li:person:someoneElse')}`)
    expect(other.statusCode).toBe(403)
    expect(other.json()).toMatchObject({ status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED' })
  })
})

// Error envelopes: LinkedIn Error Handling, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling.
describe('discovery endpoints behind the /rest guard', () => {
  const urls = [
    '/rest/adAccountUsers?q=authenticatedUser',
    '/rest/adAccounts/1',
    '/rest/organizationAcls?q=roleAssignee',
  ]

  it('answer 401 with LinkedIn’s envelopes to a missing or unknown token', async () => {
    const { rest } = testSimulator()
    for (const url of urls) {
      const empty = await rest(url, { authorization: undefined })
      expect(empty.statusCode).toBe(401)
      expect(empty.json()).toEqual({ message: 'Empty oauth2_access_token', serviceErrorCode: 401, status: 401 })
      const unknown = await rest(url, { authorization: 'Bearer nope' })
      expect(unknown.json()).toMatchObject({ status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' })
    }
  })

  it('answer 403 ACCESS_DENIED naming resource, method and version when the token lacks the ads/organization scopes', async () => {
    const { simulator, rest } = testSimulator()
    const leadSyncOnly = simulator.tokens.grant('r_marketing_leadgen_automation').access_token
    const auth = { authorization: `Bearer ${leadSyncOnly}` }
    const res = await rest('/rest/adAccountUsers?q=authenticatedUser', auth)
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({
      status: 403,
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: expect.stringMatching(/^Not enough permissions to access: adAccountUsers\.GET\.\d{8}$/),
    })
    expect((await rest('/rest/organizationAcls?q=roleAssignee', auth)).statusCode).toBe(403)
    const adsOnly = simulator.tokens.grant('r_ads').access_token
    expect(
      (await rest('/rest/adAccountUsers?q=authenticatedUser', { authorization: `Bearer ${adsOnly}` })).statusCode,
    ).toBe(200)
    // …while Lead Sync itself still needs r_marketing_leadgen_automation.
    const leads = `/rest/leadForms?q=owner&owner=(sponsoredAccount:${enc(simulator.owners.sponsoredAccounts[0]!.urn)})`
    expect((await rest(leads, { authorization: `Bearer ${adsOnly}` })).statusCode).toBe(403)
  })

  it('the same member and roles come back for the same seed', () => {
    const a = testSimulator().simulator.discovery
    const b = testSimulator().simulator.discovery
    expect(a).toEqual(b)
  })
})
