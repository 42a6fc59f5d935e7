import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { FIXTURE_OUTCOMES_CONFIG, fixtureTeam, seedReportFixture } from '../../test/support/report-fixture.js'
import { createOutcomes } from '../outcomes/index.js'
import type { Store } from '../store/index.js'
import { createManualClock } from '../util/index.js'
import { createReports, type Reports } from './index.js'

const M = 60_000
const range = { from: Date.parse('2026-11-23T00:00:00Z'), to: Date.parse('2026-12-01T00:00:00Z') }
const stats = (count: number, p50: number, p90: number, max: number, bp50: number, bp90: number) => ({
  count,
  p50Ms: p50 * M,
  p90Ms: p90 * M,
  maxMs: max * M,
  businessP50Ms: bp50 * M,
  businessP90Ms: bp90 * M,
})
const none = { count: 0, p50Ms: null, p90Ms: null, maxMs: null, businessP50Ms: null, businessP90Ms: null }

describe.each(dialectsUnderTest())('%s: reports over leads with known times', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  let reports: Reports
  beforeAll(async () => {
    ;({ store, cleanup } = await dialect.open())
    const clock = createManualClock(Date.parse('2026-12-01T00:00:00Z'))
    const team = fixtureTeam()
    const outcomes = createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store, clock })
    await seedReportFixture(store, clock, outcomes)
    clock.set(Date.parse('2026-12-01T00:00:00Z'))
    reports = createReports(
      {
        members: team.members,
        scoringRules: [],
        routingRules: [],
        timeZone: 'America/New_York',
      },
      { store, clock },
    )
  })
  afterAll(() => cleanup())

  it('gives the hand-computed speed-to-lead figures in total and per owner, business hours included', async () => {
    const report = await reports.speed({ ...range, groupBy: 'owner', includeTest: false })
    // Six leads (the test lead left out). To alert: 1, 2, 3 (Saturday: 0 business), 0.5, 1 minutes; L6 never alerted.
    expect(report.total).toMatchObject({
      key: 'total',
      leads: 6,
      toAlert: stats(5, 1, 3, 3, 1, 2),
      // 4, 980 (16:50 Mon → 09:10 Tue: 20 business), 2850 (Sat → Mon 09:30: 30 business), 12 minutes.
      toAck: stats(4, 12, 2850, 2850, 12, 30),
      // 30, 1030 (70 business), 2880 (60 business), 60 minutes.
      toContact: stats(4, 60, 2880, 2880, 60, 70),
      slaBands: { '0-5m': 1, '5-15m': 1, '15-60m': 0, '60m+': 2, never: 2 },
    })
    expect(report.groups.map((g) => [g.key, g.label, g.leads])).toEqual([
      ['ann', 'Ann Archer', 3],
      ['bob', 'Bob Brown', 2],
      [null, 'Unassigned', 1],
    ])
    const [ann, bob, unassigned] = report.groups
    expect(ann).toMatchObject({
      toAlert: stats(3, 2, 3, 3, 1, 2),
      toAck: stats(3, 980, 2850, 2850, 20, 30),
      toContact: stats(3, 1030, 2880, 2880, 60, 70),
      // Alert → acknowledged: 3, 978 (16:52 → 09:10: 8 + 10 business), 2847 (Saturday → Monday 09:30: 30).
      alertToAck: stats(3, 978, 2847, 2847, 18, 30),
      slaBands: { '0-5m': 1, '5-15m': 0, '15-60m': 0, '60m+': 2, never: 0 },
    })
    expect(bob).toMatchObject({
      toAlert: stats(2, 0.5, 1, 1, 0.5, 1),
      toAck: stats(1, 12, 12, 12, 12, 12),
      toContact: stats(1, 60, 60, 60, 60, 60),
      slaBands: { '0-5m': 0, '5-15m': 1, '15-60m': 0, '60m+': 0, never: 1 },
    })
    expect(unassigned).toMatchObject({ toAlert: none, toAck: none, toContact: none, slaBands: { never: 1 } })
    // The previous eight days hold L0 only: acknowledged in 2 minutes.
    expect(report.previous).toMatchObject({
      from: '2026-11-15T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      total: { leads: 1, toAck: stats(1, 2, 2, 2, 2, 2) },
    })
  })

  it('counts the conversion funnel and its rates per owner', async () => {
    const report = await reports.conversion({ ...range, groupBy: 'owner', includeTest: false })
    expect(report.total).toMatchObject({
      leads: 6,
      acknowledged: 4,
      contacted: 4,
      qualified: 2,
      disqualified: 1,
      won: 1,
      lost: 1,
      qualifiedRate: 2 / 6,
      wonRate: 1 / 6,
      wonAmount: 12000,
      disqualificationReasons: { 'no-budget': 1 },
    })
    expect(report.groups).toMatchObject([
      {
        key: 'ann',
        leads: 3,
        acknowledged: 3,
        contacted: 3,
        qualified: 2,
        disqualified: 1,
        won: 1,
        lost: 0,
        qualifiedRate: 2 / 3,
        wonRate: 1 / 3,
        wonAmount: 12000,
      },
      {
        key: 'bob',
        leads: 2,
        acknowledged: 1,
        contacted: 1,
        qualified: 0,
        disqualified: 0,
        won: 0,
        lost: 1,
        qualifiedRate: 0,
        wonRate: 0,
        wonAmount: 0,
      },
      { key: null, leads: 1, acknowledged: 0, contacted: 0, qualified: 0, won: 0, qualifiedRate: 0 },
    ])
  })

  it('groups by day and week in the display zone, by form, campaign and rule', async () => {
    const q = { ...range, includeTest: false }
    const days = await reports.conversion({ ...q, groupBy: 'day' })
    expect(days.groups.map((g) => [g.key, g.leads])).toEqual([
      ['2026-11-23', 2],
      ['2026-11-24', 1],
      ['2026-11-25', 2],
      ['2026-11-28', 1],
    ])
    const weeks = await reports.conversion({ ...q, groupBy: 'week' })
    expect(weeks.groups.map((g) => [g.key, g.label, g.leads])).toEqual([['2026-11-23', 'Week of 2026-11-23', 6]])
    const forms = await reports.conversion({ ...q, groupBy: 'form' })
    expect(forms.groups.map((g) => [g.key, g.label, g.leads])).toEqual([
      ['200', 'Pricing, 2026', 3],
      ['100', '=HYPERLINK("http://x.test")', 2],
      [null, 'Unknown form', 1],
    ])
    const campaigns = await reports.speed({ ...q, groupBy: 'campaign' })
    expect(campaigns.groups.map((g) => [g.key, g.leads])).toEqual([
      [null, 4],
      ['urn:li:sponsoredCreative:7', 2],
    ])
    const rules = await reports.conversion({ ...q, groupBy: 'rule' })
    expect(rules.groups.map((g) => [g.key, g.leads, g.won])).toEqual([
      ['East', 3, 1],
      [null, 3, 0],
    ])
  })

  it('leaves test leads out unless asked', async () => {
    const withTest = await reports.speed({ ...range, groupBy: 'owner', includeTest: true })
    expect(withTest.total.leads).toBe(7)
    expect(withTest.groups[0]).toMatchObject({ key: 'ann', leads: 4 })
  })

  it('lists leads waiting for acknowledgement oldest first, with their owner', async () => {
    const ageing = await reports.ageing({ ...range, groupBy: 'owner', includeTest: false })
    expect(ageing.notAcknowledged.map((l) => [l.id, l.ownerName])).toEqual([
      ['5', 'Bob Brown'],
      ['6', 'Unassigned'],
    ])
    expect(ageing.notAcknowledged[0]?.ageMs).toBe(
      Date.parse('2026-12-01T00:00:00Z') - Date.parse('2026-11-25T10:00:00Z'),
    )
  })

  it('puts leads in the owner’s hour of the week with the median time to acknowledge', async () => {
    const { cells } = await reports.heatmap({ ...range, groupBy: 'owner', includeTest: false })
    // L1: Monday 09:00 in New York; L3: Saturday 10:00 there; L4: Tuesday 10:00 UTC (Bob's zone).
    expect(cells.find((c) => c.weekday === 'mon' && c.hour === 9)).toMatchObject({ leads: 1, medianAckMs: 4 * M })
    expect(cells.find((c) => c.weekday === 'sat' && c.hour === 10)).toMatchObject({ leads: 1, medianAckMs: 2850 * M })
    expect(cells.find((c) => c.weekday === 'tue' && c.hour === 10)).toMatchObject({ leads: 1, medianAckMs: 12 * M })
    expect(cells.reduce((sum, c) => sum + c.leads, 0)).toBe(6)
  })

  it('compares scoring rules and priority bands against what converted', async () => {
    const scoring = await reports.scoring({ ...range, groupBy: 'owner', includeTest: false })
    expect(scoring.byPriority.map((b) => [b.key, b.leads, b.qualified, b.won])).toEqual([
      ['hot', 2, 1, 0],
      ['warm', 2, 1, 1],
      ['cold', 2, 0, 0],
    ])
    expect(scoring.rules).toEqual([
      {
        rule: 'Decision maker',
        points: null,
        matched: { leads: 3, qualified: 2, won: 1, qualifiedRate: 2 / 3, wonRate: 1 / 3 },
        notMatched: { leads: 3, qualified: 0, won: 0, qualifiedRate: 0, wonRate: 0 },
      },
    ])
  })
})
