import { describe, expect, it } from 'vitest'
import { parseHistorySpec } from './lead-actions.js'
import { LEAD_RETENTION_MS } from './lead-store.js'
import type { LeadFormResponse } from './linkedin-types.js'
import { enc, testSimulator } from './test-helpers.js'

const DAY = 86_400_000
type Page = { paging: { start: number; count: number; total: number }; elements: LeadFormResponse[] }

function finder(ownerUrn: string, extra: string) {
  return `/rest/leadFormResponses?q=owner&owner=(sponsoredAccount:${enc(ownerUrn)})&leadType=(leadType:SPONSORED)${extra}`
}

// Issue 7 backfill: "a backfill of 2,000 seeded leads spread over a year"; LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead form responses (365-day
// retention, submittedAtTimeRange, start/count paging).
describe('POST /simulator/leads/history', () => {
  it('creates count leads of one form spread evenly over the past days, in retention, without notifications', async () => {
    const { simulator, clock } = testSimulator()
    const existing = new Set(simulator.store.leads().map((l) => l.id))
    const res = await simulator.app.inject({
      method: 'POST',
      url: '/simulator/leads/history',
      payload: { count: 2000, days: 365, formId: 7234246 },
    })
    expect(res.statusCode).toBe(201)
    const now = clock.now().getTime()
    const body = res.json()
    expect(body).toMatchObject({ created: 2000, testLeads: 0, byForm: { '7234246': 2000 } })
    expect(body.oldest).toBeGreaterThan(now - LEAD_RETENTION_MS)
    expect(body.newest).toBeLessThan(now)
    const created = simulator.store.leads().filter((l) => !existing.has(l.id))
    expect(created).toHaveLength(2000)
    expect(simulator.sender.deliveries()).toHaveLength(0)
    // Evenly spread: every 30-day bucket of the year holds its share (±1).
    for (let from = 0; from + 30 <= 360; from += 30) {
      const inBucket = created.filter(
        (l) => l.submittedAt >= now - (from + 30) * DAY && l.submittedAt < now - from * DAY,
      )
      expect(Math.abs(inBucket.length - (2000 * 30) / 365)).toBeLessThanOrEqual(1)
    }
  })

  it('finder paging over consecutive time windows returns exactly count, with no duplicates', async () => {
    const { simulator, clock, rest } = testSimulator()
    const owner = simulator.owners.sponsoredAccounts[0]!.urn
    const realOf = () =>
      simulator.store
        .leadsOf({ sponsoredAccount: owner }, 'SPONSORED')
        .filter((l) => !l.testLead)
        .map((l) => l.id)
    const existing = new Set(realOf())
    const existingAll = new Set(simulator.store.leadsOf({ sponsoredAccount: owner }, 'SPONSORED').map((l) => l.id))
    const result = simulator.seedHistory(2000, 365, { formId: 7234246, testShare: 0.1 })
    expect(result.testLeads).toBe(200)
    const now = clock.now().getTime()
    const seededIds = new Set(realOf())
    const seen: string[] = []
    // 30-day windows [start, end) from 365 days ago to now, each paged 100 at a time.
    for (let start = now - 365 * DAY; start < now; start += 30 * DAY) {
      const end = Math.min(start + 30 * DAY, now + 1)
      for (let offset = 0; ; offset += 100) {
        const res = await rest(
          finder(owner, `&submittedAtTimeRange=(start:${start},end:${end})&start=${offset}&count=100`),
        )
        expect(res.statusCode).toBe(200)
        const page = res.json<Page>()
        seen.push(...page.elements.map((l) => l.id))
        if (page.elements.length < 100) break
      }
    }
    expect(seen.length).toBe(seededIds.size)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.every((id) => seededIds.has(id))).toBe(true)
    expect(seen.filter((id) => !existing.has(id))).toHaveLength(1800)
    const tests = (await rest(finder(owner, '&limitedToTestLeads=true&count=1000'))).json<Page>()
    expect(tests.elements.filter((l) => !existingAll.has(l.id))).toHaveLength(200)
  })

  it('without formId the seeded forms take turns; at start through the createSimulator history option', () => {
    const { simulator } = testSimulator({ history: { count: 60, days: 30 } })
    expect(simulator.store.leads().length).toBeGreaterThanOrEqual(60)
    const more = simulator.seedHistory(12, 10)
    expect(Object.keys(more.byForm)).toHaveLength(simulator.forms.size)
    expect(Object.values(more.byForm).every((n) => n === 12 / simulator.forms.size)).toBe(true)
  })

  it('refuses more than 365 days, a zero count or an unknown form', async () => {
    const { simulator } = testSimulator()
    const post = (payload: unknown) =>
      simulator.app.inject({ method: 'POST', url: '/simulator/leads/history', payload: payload as object })
    expect((await post({ count: 10, days: 366 })).statusCode).toBe(400)
    expect((await post({ count: 0, days: 10 })).statusCode).toBe(400)
    expect((await post({ count: 10, days: 10, formId: 1 })).statusCode).toBe(404)
    expect(() => simulator.seedHistory(10, 400)).toThrow(RangeError)
  })
})

describe('parseHistorySpec (simulate --history)', () => {
  it('reads count:days with an optional d, within the 365-day retention', () => {
    expect(parseHistorySpec('2000:365d')).toEqual({ count: 2000, days: 365 })
    expect(parseHistorySpec('10:7')).toEqual({ count: 10, days: 7 })
    for (const bad of ['2000:366d', '0:10d', '2000', '2000:1y', 'x:1d']) expect(parseHistorySpec(bad)).toBeUndefined()
  })
})
