import { describe, expect, it } from 'vitest'
import { compareConfigs, type ReplayLead } from './replay.js'
import { lead, rules } from './test-helpers.js'

const team = {
  members: [
    { id: 'ann', name: 'Ann', timeZone: 'America/Los_Angeles' },
    { id: 'bob', name: 'Bob', timeZone: 'America/New_York' },
    { id: 'cat', name: 'Cat', timeZone: 'America/Chicago', dailyCapacity: 1 },
  ],
  fallbackOwner: 'bob',
}

const current = rules({
  team,
  scoring: { rules: [{ name: 'Enterprise', when: { field: 'companySizeMin', gte: 1001 }, points: 50 }] },
  routing: { rules: [{ name: 'West', when: { field: 'state', states: ['CA', 'WA'] }, assign: { owner: 'ann' } }] },
})

// Texas joins the west, big companies become hot and go to cat (one a day), VPs score too.
const candidate = rules({
  team,
  scoring: {
    rules: [
      { name: 'Enterprise', when: { field: 'companySizeMin', gte: 1001 }, points: 70 },
      { name: 'VP', when: { field: 'seniority', equals: 'VP' }, points: 40 },
    ],
  },
  routing: {
    rules: [
      { name: 'Hot', when: { field: 'priority', equals: 'hot' }, assign: { owner: 'cat' } },
      { name: 'West', when: { field: 'state', states: ['CA', 'WA', 'TX'] }, assign: { roundRobin: ['ann'] } },
    ],
  },
})

const day1 = new Date('2026-03-16T17:00:00Z')
const day2 = new Date('2026-03-17T17:00:00Z')
const leads: ReplayLead[] = [
  { id: 'L1', facts: lead({ state: 'CA' }), receivedAt: day1 },
  { id: 'L2', facts: lead({ state: 'TX' }), receivedAt: day1 },
  { id: 'L3', facts: lead({ state: 'NY', companySize: '5,001-10,000' }), receivedAt: day1 },
  { id: 'L4', facts: lead({ state: 'CA', companySize: '10,001+' }), receivedAt: day1 },
  { id: 'L5', facts: lead({ state: 'NY', companySize: '1,001-5,000' }), receivedAt: day2 },
  { id: 'L6', facts: lead({ state: 'FL', seniority: 'VP' }), receivedAt: day2 },
]

describe('compareConfigs', () => {
  const report = compareConfigs(leads, current, candidate, { now: day2 })

  it('counts leads per owner before and after', () => {
    expect(report.leads).toBe(6)
    expect(report.owners).toEqual([
      { ownerId: 'ann', before: 2, after: 3 },
      { ownerId: 'bob', before: 4, after: 1 },
      { ownerId: 'cat', before: 0, after: 2 },
    ])
  })

  it('lists the leads that would move, with the rules before and after', () => {
    expect(report.moved).toEqual([
      { leadId: 'L2', from: 'bob', to: 'ann', ruleBefore: null, ruleAfter: 'West' },
      { leadId: 'L3', from: 'bob', to: 'cat', ruleBefore: null, ruleAfter: 'Hot' },
      // cat has taken her one lead for the day, so L4 falls through to West: ann, as before.
      { leadId: 'L5', from: 'bob', to: 'cat', ruleBefore: null, ruleAfter: 'Hot' },
    ])
  })

  it('lists priority shifts and counts each priority', () => {
    expect(report.priorityShifts).toEqual([
      { leadId: 'L3', from: 'warm', to: 'hot', scoreBefore: 50, scoreAfter: 70 },
      { leadId: 'L4', from: 'warm', to: 'hot', scoreBefore: 50, scoreAfter: 70 },
      { leadId: 'L5', from: 'warm', to: 'hot', scoreBefore: 50, scoreAfter: 70 },
      { leadId: 'L6', from: 'cold', to: 'warm', scoreBefore: 0, scoreAfter: 40 },
    ])
    expect(report.priorities).toEqual([
      { priority: 'hot', before: 0, after: 3 },
      { priority: 'warm', before: 3, after: 1 },
      { priority: 'cold', before: 3, after: 2 },
    ])
  })

  it('reports no change when the candidate is the current config', () => {
    const same = compareConfigs(leads, current, current, { now: day2 })
    expect(same.moved).toEqual([])
    expect(same.priorityShifts).toEqual([])
    expect(same.owners.every((o) => o.before === o.after)).toBe(true)
  })

  it('simulates rotation positions in memory, starting from the ones given, and leaves them untouched', () => {
    const rotation = rules({
      team,
      routing: { rules: [{ name: 'All', assign: { roundRobin: ['ann', 'bob', 'cat'] } }] },
    })
    const positions = new Map([['All', 1]])
    const sameDay = leads.slice(0, 3).map((l) => ({ ...l, receivedAt: day1 }))
    const result = compareConfigs(sameDay, current, rotation, { now: day1, positions })
    expect(result.owners.map((o) => [o.ownerId, o.after])).toEqual([
      ['ann', 1],
      ['bob', 1],
      ['cat', 1],
    ])
    expect(result.moved.map((m) => [m.leadId, m.to])).toEqual([
      ['L1', 'bob'],
      ['L2', 'cat'],
      ['L3', 'ann'],
    ])
    expect(positions).toEqual(new Map([['All', 1]]))
  })
})
