import { describe, expect, it } from 'vitest'
import { priorityFor, scoreLead } from './score.js'
import { lead, rules } from './test-helpers.js'

const { scoring } = rules({
  team: { members: [{ id: 'ann', name: 'Ann', timeZone: 'UTC' }], fallbackOwner: 'ann' },
  scoring: {
    rules: [
      { name: 'Decision maker', when: { field: 'jobTitle', regex: '\\b(vp|chief|head)\\b' }, points: 30 },
      { name: 'Enterprise', when: { field: 'companySizeMin', gte: 1001 }, points: 25 },
      { name: 'Target account', when: { field: 'emailDomain', in: ['acme.io', 'globex.com'] }, points: 20 },
      { name: 'Personal e-mail', when: { field: 'emailDomain', in: ['gmail.com', 'yahoo.com'] }, points: -15 },
      { name: 'Student', when: { field: 'jobTitle', contains: 'student' }, points: -40 },
    ],
    bands: { hot: 70, warm: 40 },
  },
})

describe('scoreLead', () => {
  it.each([
    [
      'a VP at a large target account',
      { jobTitle: 'VP Sales', companySize: '1,001-5,000', workEmail: 'ana@acme.io' },
      75,
      'hot',
      [
        ['Decision maker', 30],
        ['Enterprise', 25],
        ['Target account', 20],
      ],
    ],
    [
      'a head of department at a large company',
      { jobTitle: 'Head of Ops', companySize: '10,001+' },
      55,
      'warm',
      [
        ['Decision maker', 30],
        ['Enterprise', 25],
      ],
    ],
    ['nobody in particular', { jobTitle: 'Analyst', companySize: '11-50' }, 0, 'cold', []],
    [
      'a student with a personal address, scored below zero',
      { jobTitle: 'Student', email: 'kim@gmail.com' },
      -55,
      'cold',
      [
        ['Personal e-mail', -15],
        ['Student', -40],
      ],
    ],
  ])('scores %s', (_name, fields, score, priority, contributions) => {
    const result = scoreLead(lead(fields), scoring)
    expect(result.score).toBe(score)
    expect(result.priority).toBe(priority)
    expect(result.contributions.map((c) => [c.rule, c.points])).toEqual(contributions)
  })

  it('says why each rule contributed', () => {
    const result = scoreLead(lead({ jobTitle: 'Chief Revenue Officer' }), scoring)
    expect(result.contributions).toEqual([
      { rule: 'Decision maker', points: 30, explanation: 'jobTitle matches /\\b(vp|chief|head)\\b/' },
    ])
  })

  it('adds completeness points in proportion to the fields filled in', () => {
    const withCompleteness = { ...scoring, rules: [], completenessPoints: 10 }
    const half = lead({ firstName: 'A', company: null }, { askedFields: ['firstName', 'company'] })
    expect(scoreLead(half, withCompleteness).contributions).toEqual([
      { rule: 'Form completeness', points: 5, explanation: '50% of the fields filled in' },
    ])
  })
})

describe('priorityFor', () => {
  it.each([
    [100, 'hot'],
    [70, 'hot'],
    [69, 'warm'],
    [40, 'warm'],
    [39, 'cold'],
    [-10, 'cold'],
  ])('score %d is %s', (score, priority) => {
    expect(priorityFor(score, { hot: 70, warm: 40 })).toBe(priority)
  })
})
