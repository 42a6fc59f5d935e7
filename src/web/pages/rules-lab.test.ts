import { describe, expect, it } from 'vitest'
import { parseRules } from '../../routing/index.js'
import { parseCandidate, rulesAsYaml } from './rules-lab.js'

describe('rulesAsYaml', () => {
  it('writes the current rules so that they parse back to the same rules', () => {
    const parsed = parseRules({
      team: {
        fallbackOwner: 'sam',
        members: [
          {
            id: 'ana',
            name: 'Ana',
            timeZone: 'America/Los_Angeles',
            workingHours: { days: ['mon', 'tue'], start: '08:00', end: '17:00' },
          },
          { id: 'sam', name: 'Sam', timeZone: 'America/Chicago' },
        ],
      },
      scoring: { rules: [{ name: 'VP', when: { field: 'jobTitle', regex: '\\bvp\\b' }, points: 30 }] },
      routing: { rules: [{ name: 'West', when: { field: 'state', states: ['CA'] }, assign: { roundRobin: ['ana'] } }] },
    })
    if (!parsed.ok) throw new Error('fixture rules do not parse')
    const again = parseCandidate(rulesAsYaml(parsed.value))
    expect(again).toEqual({ ok: true, rules: parsed.value })
  })
})
