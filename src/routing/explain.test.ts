import { describe, expect, it } from 'vitest'
import { type RoutingDecision, routeLead } from './assign.js'
import { explainDecision, explainRouting } from './explain.js'
import { withScore } from './lead-facts.js'
import { scoreLead } from './score.js'
import { lead, MONDAY_MORNING_IN_LA, rules } from './test-helpers.js'

const config = rules({
  team: {
    members: [
      { id: 'ann', name: 'Ann', timeZone: 'Europe/London', workingHours: { start: '09:00', end: '17:00' } },
      { id: 'bob', name: 'Bob', timeZone: 'America/Los_Angeles' },
      { id: 'eve', name: 'Eve', timeZone: 'Asia/Tokyo', workingHours: { start: '09:00', end: '17:00' } },
    ],
    fallbackOwner: 'eve',
  },
  scoring: {
    rules: [
      { name: 'Decision maker', when: { field: 'seniority', in: ['VP', 'CXO'] }, points: 30 },
      { name: 'Enterprise', when: { field: 'companySizeMin', gte: 1001 }, points: 25 },
      { name: 'Free mail', when: { field: 'emailDomain', equals: 'gmail.com' }, points: -10 },
    ],
    completenessPoints: 30,
  },
  routing: {
    rules: [
      {
        name: 'West enterprise',
        when: {
          all: [
            { field: 'state', states: ['CA'] },
            { field: 'priority', in: ['hot', 'warm'] },
          ],
        },
        assign: { roundRobin: ['ann', 'bob'] },
      },
    ],
  },
})

function explain(fields: Parameters<typeof lead>[0]) {
  const facts = lead(fields, { askedFields: ['firstName', 'email', 'company', 'state'] })
  const score = scoreLead(facts, config.scoring)
  const decision = routeLead(withScore(facts, score), {
    team: config.team,
    routing: config.routing,
    now: MONDAY_MORNING_IN_LA,
    positions: new Map(),
    loadToday: () => 0,
  })
  return explainDecision(score, decision)
}

describe('explainDecision', () => {
  it.each([
    [
      'a routed lead: contributions, rule, strategy, skips and owner',
      { firstName: 'Ana', company: 'Acme', state: 'CA', seniority: 'VP', companySize: '10,001+', email: 'a@acme.io' },
      'score 85 (hot): Decision maker +30, Enterprise +25, Form completeness +30\n' +
        'routed by rule "West enterprise" (round-robin): ann skipped (outside working hours), bob assigned',
    ],
    [
      'a lead for the fallback owner, with a negative contribution',
      { email: 'kim@gmail.com', state: 'NY' },
      'score 5 (cold): Free mail -10, Form completeness +15\n' +
        'no routing rule matched: fallback owner eve assigned (outside working hours)',
    ],
    [
      'a lead no scoring rule matched',
      { state: 'NY' },
      'score 8 (cold): Form completeness +8\nno routing rule matched: fallback owner eve assigned (outside working hours)',
    ],
  ])('explains %s', (_name, fields, text) => {
    expect(explain(fields)).toBe(text)
  })
})

describe('explainRouting', () => {
  const base = { strategy: 'round-robin', ownerUnavailable: null, reasons: [], positions: new Map() } as const

  it.each<[string, RoutingDecision, string]>([
    [
      'names the rule of a skip made by an earlier rule',
      {
        ...base,
        ownerId: 'cat',
        ruleName: 'West',
        skipped: [
          { memberId: 'ann', reason: 'at-capacity', rule: 'West enterprise' },
          { memberId: 'bob', reason: 'inactive', rule: 'West' },
        ],
      },
      'routed by rule "West" (round-robin): ann skipped by rule "West enterprise" (at daily capacity), ' +
        'bob skipped (inactive), cat assigned',
    ],
    [
      'names the rules when several passed the lead on to the fallback owner',
      {
        ...base,
        strategy: 'fallback',
        ownerId: 'eve',
        ruleName: null,
        ownerUnavailable: 'inactive',
        skipped: [
          { memberId: 'ann', reason: 'at-capacity', rule: 'A' },
          { memberId: 'ann', reason: 'at-capacity', rule: 'B' },
        ],
      },
      'no matching rule had an eligible member: ann skipped by rule "A" (at daily capacity), ' +
        'ann skipped by rule "B" (at daily capacity), fallback owner eve assigned (inactive)',
    ],
  ])('%s', (_name, decision, text) => {
    expect(explainRouting(decision)).toBe(text)
  })
})
