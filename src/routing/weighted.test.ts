import { describe, expect, it } from 'vitest'
import { pickRoundRobin, type SkipReason } from './round-robin.js'
import { pickWeighted, weightedCycle } from './weighted.js'

const everyone = () => null

describe('weightedCycle', () => {
  it.each<[string, [string, number][], string[]]>([
    [
      '3:1 interleaves',
      [
        ['a', 3],
        ['b', 1],
      ],
      ['a', 'a', 'b', 'a'],
    ],
    [
      '1:1 alternates',
      [
        ['a', 1],
        ['b', 1],
      ],
      ['a', 'b'],
    ],
    [
      '5:1:1 spreads the small shares out',
      [
        ['a', 5],
        ['b', 1],
        ['c', 1],
      ],
      ['a', 'a', 'b', 'a', 'c', 'a', 'a'],
    ],
    ['a single member fills the cycle', [['a', 2]], ['a', 'a']],
  ])('%s', (_name, weights, cycle) => {
    expect(weightedCycle(weights)).toEqual(cycle)
  })

  it('gives each member exactly its weight per cycle', () => {
    const cycle = weightedCycle([
      ['a', 7],
      ['b', 2],
      ['c', 4],
    ])
    expect(cycle).toHaveLength(13)
    expect(['a', 'b', 'c'].map((id) => cycle.filter((x) => x === id).length)).toEqual([7, 2, 4])
  })
})

function countPicks(pick: (position: number) => { memberId: string | null; nextPosition: number }, leads: number) {
  const counts = new Map<string, number>()
  let position = 0
  for (let i = 0; i < leads; i++) {
    const result = pick(position)
    if (result.memberId) counts.set(result.memberId, (counts.get(result.memberId) ?? 0) + 1)
    position = result.nextPosition
  }
  return counts
}

describe('pickWeighted', () => {
  it('splits 1,000 leads 750/250 for weights 3:1, carrying one integer position between leads', () => {
    const counts = countPicks(
      (p) =>
        pickWeighted(
          [
            ['a', 3],
            ['b', 1],
          ],
          p,
          everyone,
        ),
      1000,
    )
    expect(counts.get('a')).toBe(750)
    expect(counts.get('b')).toBe(250)
  })

  it('stays within one cycle of its shares for any number of leads', () => {
    for (const leads of [1, 2, 3, 5, 99, 1001]) {
      const counts = countPicks(
        (p) =>
          pickWeighted(
            [
              ['a', 3],
              ['b', 1],
            ],
            p,
            everyone,
          ),
        leads,
      )
      expect(Math.abs((counts.get('a') ?? 0) - leads * 0.75)).toBeLessThanOrEqual(4)
    }
  })

  it('passes over an ineligible member, naming them once even when they recur in the cycle', () => {
    const reasons: Record<string, SkipReason> = { a: 'outside-working-hours' }
    const result = pickWeighted(
      [
        ['a', 3],
        ['b', 1],
      ],
      0,
      (id) => reasons[id] ?? null,
    )
    expect(result).toEqual({
      memberId: 'b',
      nextPosition: 3,
      skipped: [{ memberId: 'a', reason: 'outside-working-hours' }],
    })
  })
})

describe('pickRoundRobin', () => {
  it('deals 1,000 leads to three members within one of each other', () => {
    const counts = countPicks((p) => pickRoundRobin(['a', 'b', 'c'], p, everyone), 1000)
    expect([...counts.values()].sort()).toEqual([333, 333, 334])
  })

  it.each<[string, number, Record<string, SkipReason>, string | null, number, string[]]>([
    ['takes the member at the position', 1, {}, 'b', 2, []],
    ['wraps from the last member to the first', 2, {}, 'c', 0, []],
    ['reads a position beyond a shortened list modulo its length', 7, {}, 'b', 2, []],
    ['skips ineligible members in order', 0, { a: 'inactive', b: 'at-capacity' }, 'c', 0, ['a', 'b']],
    ['wraps around to find an eligible member', 1, { b: 'inactive', c: 'inactive' }, 'a', 1, ['b', 'c']],
    [
      'picks nobody and keeps the position when everyone is ineligible',
      1,
      { a: 'inactive', b: 'at-capacity', c: 'outside-working-hours' },
      null,
      1,
      ['b', 'c', 'a'],
    ],
  ])('%s', (_name, position, reasons, memberId, nextPosition, skipped) => {
    const result = pickRoundRobin(['a', 'b', 'c'], position, (id) => reasons[id] ?? null)
    expect(result.memberId).toBe(memberId)
    expect(result.nextPosition).toBe(nextPosition)
    expect(result.skipped.map((s) => s.memberId)).toEqual(skipped)
  })
})
