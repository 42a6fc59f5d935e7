import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { routeLead } from './assign.js'
import { explainDecision } from './explain.js'
import { leadFacts, withScore } from './lead-facts.js'
import { formatProblems, parseRules } from './parse-rules.js'
import { scoreLead } from './score.js'

/** The example the README documents: a US sales team with two regions, an enterprise rule and a fallback. */
const US_SALES_TEAM_YAML = `
team:
  fallbackOwner: sam
  managerChannel: sales-leads-escalations
  members:
    - id: ana
      name: Ana Ortiz
      email: ana@example.com
      slackUserId: U01ANA
      timeZone: America/Los_Angeles
      workingHours: { days: [mon, tue, wed, thu, fri], start: "08:00", end: "17:00" }
      dailyCapacity: 25
      manager: sam
    - id: ben
      name: Ben Cole
      email: ben@example.com
      slackUserId: U01BEN
      timeZone: America/Denver
      workingHours: { start: "09:00", end: "17:30" }
    - id: cara
      name: Cara Singh
      email: cara@example.com
      timeZone: America/New_York
      workingHours:
        mon: ["09:00-12:00", "13:00-18:00"]
        tue: ["09:00-18:00"]
        wed: ["09:00-18:00"]
        thu: ["09:00-18:00"]
        fri: ["09:00-15:00"]
    - id: dev
      name: Dev Patel
      email: dev@example.com
      timeZone: America/Chicago
      workingHours: { start: "08:30", end: "17:00" }
      active: false
    - id: erin
      name: Erin Walsh
      email: erin@example.com
      timeZone: America/New_York
      workingHours: { start: "08:00", end: "18:00" }
      dailyCapacity: 10
      weight: 2
    - id: sam
      name: Sam Reed
      email: sam@example.com
      timeZone: America/Chicago

scoring:
  bands: { hot: 70, warm: 40 }
  completenessPoints: 10
  rules:
    - name: Decision maker
      when:
        any:
          - { field: seniority, in: [CXO, VP, Director, Owner, Partner] }
          - { field: jobTitle, regex: "\\\\b(chief|vp|vice president|head of|director)\\\\b" }
      points: 30
    - name: Enterprise
      when: { field: companySizeMin, gte: 1001 }
      points: 25
    - name: Mid-market
      when: { field: companySizeMin, between: [201, 1000] }
      points: 10
    - name: Target industry
      when: { field: industry, in: [Software Development, Financial Services, Hospital & Health Care] }
      points: 10
    - name: Target account
      when: { field: emailDomain, in: [acme.com, globex.com, initech.com] }
      points: 20
    - name: Free e-mail address
      when: { field: emailDomain, in: [gmail.com, yahoo.com, hotmail.com, outlook.com] }
      points: -15
    - name: Outside the US
      when: { not: { field: country, equals: US } }
      points: -20
    - name: Student or job seeker
      when: { field: jobTitle, regex: "student|intern|seeking" }
      points: -40

routing:
  rules:
    # First match wins; a rule whose people are all away passes the lead to the next matching rule.
    - name: Enterprise
      when: { field: companySizeMin, gte: 1001 }
      assign: { weighted: { erin: 2, cara: 1 } }
    - name: West
      when:
        any:
          - { field: state, states: [WA, OR, CA, NV, ID, MT, WY, UT, CO, AZ, NM, AK, HI] }
          - { field: postalCode, zipPrefix: ["8", "9"] }
      assign: { roundRobin: [ana, ben, dev] }
    - name: East
      when:
        all:
          - { field: country, equals: US }
          - { not: { field: state, states: [WA, OR, CA, NV, ID, MT, WY, UT, CO, AZ, NM, AK, HI] } }
      assign: { roundRobin: [cara, erin] }
    - name: Hot leads never wait
      when: { field: priority, equals: hot }
      assign: { roundRobin: [ana, ben, cara, erin] }
      respectWorkingHours: false
`

describe('the documented US sales team config', () => {
  const parsed = parseRules(parse(US_SALES_TEAM_YAML))
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems))
  const config = parsed.value

  function decide(fields: Parameters<typeof leadFacts>[0], at: string) {
    const facts = leadFacts(fields)
    const score = scoreLead(facts, config.scoring)
    const decision = routeLead(withScore(facts, score), {
      team: config.team,
      routing: config.routing,
      now: new Date(at),
      positions: new Map(),
      loadToday: () => 0,
    })
    return explainDecision(score, decision)
  }

  it.each([
    [
      'an enterprise VP goes to the enterprise team',
      { jobTitle: 'VP Sales', companySize: '10,001+', country: 'US', state: 'TX', workEmail: 'a@acme.com' },
      '2026-03-16T15:00:00Z',
      'score 79 (hot): Decision maker +30, Enterprise +25, Target account +20, Form completeness +4\n' +
        'routed by rule "Enterprise" (weighted): erin assigned',
    ],
    [
      'a Californian lead goes to the west',
      { jobTitle: 'Analyst', companySize: '51-200', country: 'US', state: 'CA', email: 'kim@gmail.com' },
      '2026-03-16T17:00:00Z',
      'score -11 (cold): Free e-mail address -15, Form completeness +4\nrouted by rule "West" (round-robin): ana assigned',
    ],
    [
      'a New York lead before anyone in the east starts goes to the fallback owner',
      { country: 'US', state: 'NY' },
      '2026-03-16T11:00:00Z',
      'score 1 (cold): Form completeness +1\n' +
        'no matching rule had an eligible member: cara skipped (outside working hours), ' +
        'erin skipped (outside working hours), fallback owner sam assigned',
    ],
  ])('%s', (_name, fields, at, text) => {
    expect(decide(fields, at)).toBe(text)
  })
})
