import { describe, expect, it } from 'vitest'
import { formatPath, formatProblems, parseRules } from './parse-rules.js'

function validInput() {
  return {
    team: {
      members: [
        { id: 'ann', name: 'Ann Lee', email: 'ann@example.com', timeZone: 'America/Los_Angeles' },
        {
          id: 'bob',
          name: 'Bob Ruiz',
          slackUserId: 'U024BE7LH',
          timeZone: 'America/New_York',
          workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
          dailyCapacity: 20,
          manager: 'carol',
        },
        {
          id: 'carol',
          name: 'Carol Park',
          timeZone: 'Europe/London',
          workingHours: { mon: ['08:00-12:00', '13:00-17:30'], sat: ['22:00-06:00'] },
        },
      ],
      fallbackOwner: 'carol',
      managerChannel: 'sales-managers',
    },
    scoring: {
      rules: [{ name: 'Decision maker', when: { field: 'seniority', in: ['VP', 'CXO'] }, points: 30 }],
      completenessPoints: 10,
    },
    routing: {
      rules: [
        {
          name: 'West',
          when: { all: [{ field: 'state', states: ['ca', 'WA'] }, { not: { field: 'test', equals: true } }] },
          assign: { roundRobin: ['ann', 'bob'] },
        },
        { name: 'Weighted', assign: { weighted: { ann: 3, bob: 1 } }, respectCapacity: false },
        { name: 'By member weight', assign: { weighted: ['ann', 'bob'] } },
        { name: 'Owner', assign: { owner: 'carol' }, respectWorkingHours: false },
      ],
    },
  }
}

type Input = ReturnType<typeof validInput>

describe('parseRules: valid rules', () => {
  it('fills in defaults for members, bands and rule options', () => {
    const parsed = parseRules(validInput())
    if (!parsed.ok) throw new Error(formatProblems(parsed.problems))
    const { team, scoring, routing } = parsed.value
    expect(team.members.map((m) => [m.id, m.active, m.weight])).toEqual([
      ['ann', true, 1],
      ['bob', true, 1],
      ['carol', true, 1],
    ])
    expect(scoring.bands).toEqual({ hot: 70, warm: 40 })
    expect(routing.rules.map((r) => [r.name, r.respectWorkingHours, r.respectCapacity])).toEqual([
      ['West', true, true],
      ['Weighted', true, false],
      ['By member weight', true, true],
      ['Owner', false, true],
    ])
  })

  it('expands the working-hours shorthand to each listed day, in minutes after midnight', () => {
    const parsed = parseRules(validInput())
    if (!parsed.ok) throw new Error('invalid')
    const bob = parsed.value.team.members[1]
    expect(bob?.workingHours).toEqual({
      mon: [{ from: 540, to: 1020 }],
      tue: [{ from: 540, to: 1020 }],
      wed: [{ from: 540, to: 1020 }],
      thu: [{ from: 540, to: 1020 }],
      fri: [{ from: 540, to: 1020 }],
    })
  })

  it('keeps per-day ranges, split days and overnight ranges', () => {
    const parsed = parseRules(validInput())
    if (!parsed.ok) throw new Error('invalid')
    expect(parsed.value.team.members[2]?.workingHours).toEqual({
      mon: [
        { from: 480, to: 720 },
        { from: 780, to: 1050 },
      ],
      sat: [{ from: 1320, to: 360 }],
    })
  })

  it('upper-cases state codes so lists may be written either way', () => {
    const parsed = parseRules(validInput())
    if (!parsed.ok) throw new Error('invalid')
    expect(parsed.value.routing.rules[0]?.when).toEqual({
      all: [{ field: 'state', states: ['CA', 'WA'] }, { not: { field: 'test', equals: true } }],
    })
  })

  it('needs only a team: scoring and routing default to no rules', () => {
    const parsed = parseRules({
      team: { members: [{ id: 'ann', name: 'Ann', timeZone: 'UTC' }], fallbackOwner: 'ann' },
    })
    expect(parsed.ok && parsed.value.routing.rules).toEqual([])
    expect(parsed.ok && parsed.value.scoring.rules).toEqual([])
  })
})

describe('parseRules: each invalid rule is reported at its path', () => {
  it.each<[string, (input: Input) => void, string, string]>([
    [
      'an unknown member in a round-robin',
      (c) => {
        c.routing.rules[0]!.assign = { roundRobin: ['ann', 'bobby'] }
      },
      'routing.rules[0].assign.roundRobin[1]',
      'unknown team member "bobby"',
    ],
    [
      'an unknown member in weights',
      (c) => {
        c.routing.rules[1]!.assign = { weighted: { ann: 3, dave: 1 } } as never
      },
      'routing.rules[1].assign.weighted.dave',
      'unknown team member "dave"',
    ],
    [
      'an unknown fixed owner',
      (c) => {
        c.routing.rules[3]!.assign = { owner: 'zed' }
      },
      'routing.rules[3].assign.owner',
      'unknown team member "zed"',
    ],
    [
      'an unknown fallback owner',
      (c) => {
        c.team.fallbackOwner = 'nobody'
      },
      'team.fallbackOwner',
      'unknown team member "nobody"',
    ],
    [
      'an unknown manager',
      (c) => {
        c.team.members[1]!.manager = 'boss'
      },
      'team.members[1].manager',
      'unknown team member "boss"',
    ],
    [
      'a duplicate member id',
      (c) => {
        c.team.members[2]!.id = 'ann'
      },
      'team.members[2].id',
      'duplicate member id "ann"',
    ],
    [
      'a duplicate routing rule name',
      (c) => {
        c.routing.rules[2]!.name = 'West'
      },
      'routing.rules[2].name',
      'duplicate routing rule name "West"',
    ],
    [
      'a regular expression that does not compile',
      (c) => {
        c.routing.rules[0]!.when = { all: [{ field: 'jobTitle', regex: 'vp|(chief' } as never] }
      },
      'routing.rules[0].when.all[0].regex',
      'invalid regular expression /vp|(chief/',
    ],
    [
      'an unknown time zone',
      (c) => {
        c.team.members[0]!.timeZone = 'America/Los_Angles'
      },
      'team.members[0].timeZone',
      'unknown time zone "America/Los_Angles"',
    ],
    [
      'a malformed working-hours range',
      (c) => {
        c.team.members[2]!.workingHours = { mon: ['9-17'], sat: [] }
      },
      'team.members[2].workingHours.mon[0]',
      '"9-17" is not a time range like "09:00-17:00"',
    ],
    [
      'a range that starts and ends at the same time',
      (c) => {
        c.team.members[2]!.workingHours = { mon: ['09:00-09:00'], sat: [] }
      },
      'team.members[2].workingHours.mon[0]',
      'is not a time range',
    ],
    [
      'a misspelt weekday',
      (c) => {
        c.team.members[2]!.workingHours = { monday: ['09:00-17:00'] } as never
      },
      'team.members[2].workingHours',
      'Unrecognized key: "monday"',
    ],
    [
      'a shorthand with a bad time',
      (c) => {
        c.team.members[1]!.workingHours = { days: ['mon'], start: '9am', end: '17:00' }
      },
      'team.members[1].workingHours.start',
      'must be a time like "09:00"',
    ],
    [
      'an unknown field in a condition',
      (c) => {
        c.scoring.rules[0]!.when = { any: [{ field: 'title', contains: 'vp' }] } as never
      },
      'scoring.rules[0].when.any[0].field',
      'unknown field "title"',
    ],
    [
      'a condition without an operator',
      (c) => {
        c.scoring.rules[0]!.when = { field: 'jobTitle' } as never
      },
      'scoring.rules[0].when',
      'needs one of: equals, in, contains',
    ],
    [
      'a condition that is none of the shapes',
      (c) => {
        c.routing.rules[0]!.when = { every: [] } as never
      },
      'routing.rules[0].when',
      'must be { all: [...] }, { any: [...] }, { not: {...} } or { field, <operator> }',
    ],
    [
      'a state that is not a US code',
      (c) => {
        c.routing.rules[0]!.when = { field: 'state', states: ['CA', 'XX'] } as never
      },
      'routing.rules[0].when.states[1]',
      '"XX" is not a US state code',
    ],
    [
      'a ZIP prefix that is not digits',
      (c) => {
        c.routing.rules[0]!.when = { field: 'postalCode', zipPrefix: ['9A'] } as never
      },
      'routing.rules[0].when.zipPrefix[0]',
      'ZIP prefixes are 1 to 5 digits',
    ],
    [
      'a between range the wrong way round',
      (c) => {
        c.scoring.rules[0]!.when = { field: 'companySizeMin', between: [500, 10] } as never
      },
      'scoring.rules[0].when.between',
      'min <= max',
    ],
    [
      'a scoring rule that reads the score',
      (c) => {
        c.scoring.rules[0]!.when = { not: { field: 'score', gte: 10 } } as never
      },
      'scoring.rules[0].when.not.field',
      'cannot read "score"',
    ],
    [
      'a warm band above the hot band',
      (c) => {
        Object.assign(c.scoring, { bands: { hot: 50, warm: 60 } })
      },
      'scoring.bands.warm',
      'warm must not be above hot',
    ],
    [
      'an assignment of an unknown kind',
      (c) => {
        c.routing.rules[0]!.assign = { random: ['ann'] } as never
      },
      'routing.rules[0].assign',
      'must be { roundRobin: [ids] }',
    ],
    [
      'a zero weight',
      (c) => {
        c.routing.rules[1]!.assign = { weighted: { ann: 0, bob: 1 } }
      },
      'routing.rules[1].assign.weighted.ann',
      '>=1',
    ],
  ])('rejects %s', (_name, change, path, message) => {
    const input = structuredClone(validInput())
    change(input)
    const parsed = parseRules(input)
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.problems).toContainEqual({ path, message: expect.stringContaining(message) })
  })

  it('reports every problem at once, as "path: message", one a line', () => {
    const input = structuredClone(validInput())
    input.routing.rules[0]!.assign = { roundRobin: ['ann', 'bobby'] }
    input.team.members[0]!.timeZone = 'Mars/Olympus'
    const parsed = parseRules(input)
    if (parsed.ok) throw new Error('expected problems')
    expect(formatProblems(parsed.problems).split('\n').sort()).toEqual([
      'routing.rules[0].assign.roundRobin[1]: unknown team member "bobby"',
      'team.members[0].timeZone: unknown time zone "Mars/Olympus" (use an IANA name such as America/Los_Angeles)',
    ])
  })
})

describe('formatPath', () => {
  it.each<[PropertyKey[], string]>([
    [['routing', 'rules', 2, 'assign', 'roundRobin', 1], 'routing.rules[2].assign.roundRobin[1]'],
    [['team', 'fallbackOwner'], 'team.fallbackOwner'],
    [[], ''],
  ])('%j → %s', (path, text) => {
    expect(formatPath(path)).toBe(text)
  })
})
