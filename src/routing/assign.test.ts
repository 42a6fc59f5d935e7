import { describe, expect, it } from 'vitest'
import { type RouteContext, routeLead } from './assign.js'
import type { LeadFacts } from './lead-facts.js'
import { lead, MONDAY_MORNING_IN_LA, rules } from './test-helpers.js'

// At MONDAY_MORNING_IN_LA: ann (LA) and bob (New York) are working, eve (London, 17:00) has stopped.
const config = rules({
  team: {
    members: [
      { id: 'ann', name: 'Ann', timeZone: 'America/Los_Angeles', workingHours: { start: '09:00', end: '17:00' } },
      {
        id: 'bob',
        name: 'Bob',
        timeZone: 'America/New_York',
        workingHours: { start: '09:00', end: '17:00' },
        dailyCapacity: 2,
      },
      { id: 'cat', name: 'Cat', timeZone: 'America/Chicago' },
      { id: 'dan', name: 'Dan', timeZone: 'America/Denver', active: false },
      { id: 'eve', name: 'Eve', timeZone: 'Europe/London', workingHours: { start: '09:00', end: '17:00' } },
    ],
    fallbackOwner: 'eve',
  },
  routing: {
    rules: [
      { name: 'Strategic', when: { field: 'company', equals: 'Initech' }, assign: { owner: 'eve' } },
      {
        name: 'West enterprise',
        when: {
          all: [
            { field: 'state', states: ['CA', 'WA', 'OR'] },
            { field: 'companySizeMin', gte: 1001 },
          ],
        },
        assign: { roundRobin: ['dan', 'ann', 'bob'] },
      },
      { name: 'West', when: { field: 'state', states: ['CA', 'WA', 'OR'] }, assign: { roundRobin: ['ann', 'cat'] } },
      { name: 'East', when: { field: 'postalCode', zipPrefix: ['0', '1'] }, assign: { weighted: { bob: 3, cat: 1 } } },
      {
        name: 'Hot after hours',
        when: { field: 'priority', equals: 'hot' },
        assign: { roundRobin: ['eve'] },
        respectWorkingHours: false,
      },
    ],
  },
})

function context(overrides: Partial<RouteContext> = {}): RouteContext {
  return {
    team: config.team,
    routing: config.routing,
    now: MONDAY_MORNING_IN_LA,
    positions: new Map(),
    loadToday: () => 0,
    ...overrides,
  }
}

const westEnterprise = lead({ state: 'CA', companySize: '5,001-10,000' })

describe('routeLead', () => {
  it('assigns by the first matching rule and says why', () => {
    const decision = routeLead(westEnterprise, context({ positions: new Map([['West enterprise', 1]]) }))
    expect(decision).toMatchObject({ ownerId: 'ann', ruleName: 'West enterprise', strategy: 'round-robin' })
    expect(decision.reasons).toEqual([
      'rule "Strategic" did not match: company is empty',
      'rule "West enterprise" matched: state is in CA, WA, OR and companySizeMin >= 1001',
      'ann assigned by round-robin',
    ])
    expect(decision.positions).toEqual(new Map([['West enterprise', 2]]))
  })

  it.each<[string, Partial<RouteContext>, string, { memberId: string; reason: string }[]]>([
    ['skips an inactive member', {}, 'ann', [{ memberId: 'dan', reason: 'inactive' }]],
    [
      'skips a member outside working hours',
      { now: new Date('2026-03-16T14:00:00Z') }, // 07:00 in Los Angeles, 10:00 in New York
      'bob',
      [
        { memberId: 'dan', reason: 'inactive' },
        { memberId: 'ann', reason: 'outside-working-hours' },
      ],
    ],
    [
      'skips a member at daily capacity',
      { positions: new Map([['West enterprise', 2]]), loadToday: (id) => (id === 'bob' ? 2 : 0) },
      'ann',
      [
        { memberId: 'bob', reason: 'at-capacity' },
        { memberId: 'dan', reason: 'inactive' },
      ],
    ],
    [
      'assigns a member one lead below capacity',
      { positions: new Map([['West enterprise', 2]]), loadToday: (id) => (id === 'bob' ? 1 : 0) },
      'bob',
      [],
    ],
  ])('%s, recording the reason', (_name, overrides, ownerId, skipped) => {
    const decision = routeLead(westEnterprise, context(overrides))
    expect(decision.ownerId).toBe(ownerId)
    expect(decision.skipped.map(({ memberId, reason }) => ({ memberId, reason }))).toEqual(skipped)
  })

  it('falls through to the next matching rule when a rule has nobody eligible', () => {
    // 06:00 in Los Angeles: ann is off, dan inactive, bob full; "West" still has cat, who keeps no hours.
    const decision = routeLead(
      westEnterprise,
      context({ now: new Date('2026-03-16T13:00:00Z'), loadToday: (id) => (id === 'bob' ? 2 : 0) }),
    )
    expect(decision).toMatchObject({ ownerId: 'cat', ruleName: 'West', strategy: 'round-robin' })
    expect(decision.reasons).toContain('rule "West enterprise" had nobody eligible')
    expect(decision.skipped.map((s) => `${s.rule}: ${s.memberId} ${s.reason}`)).toEqual([
      'West enterprise: dan inactive',
      'West enterprise: ann outside-working-hours',
      'West enterprise: bob at-capacity',
      'West: ann outside-working-hours',
    ])
    expect(decision.positions).toEqual(new Map([['West', 0]]))
  })

  it('gives the lead to the fallback owner when no rule matches, even outside their hours, and says so', () => {
    const decision = routeLead(lead({ state: 'TX', postalCode: '73301' }), context())
    expect(decision).toMatchObject({
      ownerId: 'eve',
      ruleName: null,
      strategy: 'fallback',
      ownerUnavailable: 'outside-working-hours',
    })
    expect(decision.reasons.slice(-2)).toEqual([
      'no routing rule matched',
      'eve assigned as the fallback owner (outside working hours)',
    ])
    expect(decision.positions.size).toBe(0)
  })

  it('gives the lead to the fallback owner when every matching rule skipped everyone', () => {
    const allFull: Partial<RouteContext> = { loadToday: () => 99 }
    const team = {
      ...config.team,
      members: config.team.members.map((m) => ({ ...m, dailyCapacity: 1, active: m.id === 'eve' })),
    }
    const decision = routeLead(westEnterprise, context({ ...allFull, team }))
    expect(decision).toMatchObject({ ownerId: 'eve', ruleName: null, ownerUnavailable: 'outside-working-hours' })
    expect(decision.reasons).toContain('no matching rule had an eligible member')
    expect(new Set(decision.skipped.map((s) => s.reason))).toEqual(new Set(['inactive']))
  })

  it('assigns a fixed owner', () => {
    const decision = routeLead(lead({ company: 'INITECH' }), context({ now: new Date('2026-03-16T12:00:00Z') }))
    expect(decision).toMatchObject({ ownerId: 'eve', ruleName: 'Strategic', strategy: 'owner' })
    expect(decision.positions.size).toBe(0)
  })

  it('passes over a fixed owner outside working hours like any other member', () => {
    const decision = routeLead(lead({ company: 'Initech', postalCode: '10001' }), context())
    expect(decision).toMatchObject({ ownerId: 'bob', ruleName: 'East', strategy: 'weighted' })
    expect(decision.skipped).toEqual([{ memberId: 'eve', reason: 'outside-working-hours', rule: 'Strategic' }])
  })

  it('routes on the score once the lead is scored, ignoring hours when the rule says so', () => {
    const hot: LeadFacts = { ...lead({ state: 'TX' }), score: 90, priority: 'hot' }
    const decision = routeLead(hot, context())
    expect(decision).toMatchObject({ ownerId: 'eve', ruleName: 'Hot after hours', ownerUnavailable: null })
    expect(decision.skipped).toEqual([])
  })

  it('leaves the positions it was given untouched', () => {
    const positions = new Map([['West enterprise', 1]])
    routeLead(westEnterprise, context({ positions }))
    expect(positions).toEqual(new Map([['West enterprise', 1]]))
  })
})

describe('routeLead over many leads, with positions persisted between them', () => {
  function deal(facts: LeadFacts, leads: number) {
    const positions = new Map<string, number>()
    const counts = new Map<string, number>()
    for (let i = 0; i < leads; i++) {
      const decision = routeLead(facts, context({ positions }))
      counts.set(decision.ownerId, (counts.get(decision.ownerId) ?? 0) + 1)
      for (const [rule, position] of decision.positions) positions.set(rule, position)
    }
    return counts
  }

  it('round-robin deals 1,000 leads within one of each other', () => {
    const counts = deal(lead({ state: 'WA' }), 1000)
    expect(counts).toEqual(
      new Map([
        ['ann', 500],
        ['cat', 500],
      ]),
    )
    const three = rules({
      team: { ...config.team, members: config.team.members.map((m) => ({ ...m, workingHours: undefined })) },
      routing: { rules: [{ name: 'All', assign: { roundRobin: ['ann', 'cat', 'eve'] } }] },
    })
    const positions = new Map<string, number>()
    const tally = new Map<string, number>()
    for (let i = 0; i < 1000; i++) {
      const d = routeLead(lead(), { ...context({ positions }), team: three.team, routing: three.routing })
      tally.set(d.ownerId, (tally.get(d.ownerId) ?? 0) + 1)
      for (const [rule, p] of d.positions) positions.set(rule, p)
    }
    const values = [...tally.values()]
    expect(values).toHaveLength(3)
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1)
  })

  it('weighted 3:1 deals 1,000 leads 750/250', () => {
    const counts = deal(lead({ postalCode: '02139' }), 1000)
    expect(counts).toEqual(
      new Map([
        ['bob', 750],
        ['cat', 250],
      ]),
    )
  })
})
