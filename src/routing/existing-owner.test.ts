import { describe, expect, it } from 'vitest'
import { routeLead } from './assign.js'
import { leadFacts } from './lead-facts.js'
import { parseRules } from './parse-rules.js'

const rules = parseRules({
  team: {
    members: [
      { id: 'ann', name: 'Ann', timeZone: 'America/Los_Angeles' },
      { id: 'bob', name: 'Bob', timeZone: 'America/New_York', active: false },
    ],
    fallbackOwner: 'ann',
  },
  routing: {
    rules: [
      { name: 'Existing owner', assign: { existingOwner: ['hubspot', 'salesforce'] }, respectWorkingHours: false },
      { name: 'Everyone', assign: { owner: 'ann' }, respectWorkingHours: false },
    ],
  },
})
if (!rules.ok) throw new Error(JSON.stringify(rules.problems))
const { team, routing } = rules.value
const facts = leadFacts({ workEmail: 'dana@acme.com' })
const route = (existingOwners: Map<string, string | null>) =>
  routeLead(facts, {
    team,
    routing,
    now: new Date(Date.UTC(2026, 10, 27, 18)),
    positions: new Map(),
    loadToday: () => 0,
    existingOwners,
  })

describe('existingOwner rules', () => {
  it('give the lead to the first CRM owner found, in the order listed', () => {
    expect(
      route(
        new Map([
          ['hubspot', null],
          ['salesforce', 'ann'],
        ]),
      ),
    ).toMatchObject({ ownerId: 'ann', strategy: 'existing-owner' })
  })

  it('fall through when no CRM knows the person', () => {
    expect(
      route(
        new Map([
          ['hubspot', null],
          ['salesforce', null],
        ]),
      ),
    ).toMatchObject({ ownerId: 'ann', ruleName: 'Everyone' })
  })

  it('fall through, saying why, when the existing owner is not available', () => {
    const decision = route(new Map([['hubspot', 'bob']]))
    expect(decision).toMatchObject({
      ruleName: 'Everyone',
      skipped: [{ memberId: 'bob', reason: 'inactive', rule: 'Existing owner' }],
    })
  })
})
