import { describe, expect, it } from 'vitest'
import { rules } from './test-helpers.js'
import { isWorking, localTime, startOfLocalDay } from './working-hours.js'

const { team } = rules({
  team: {
    members: [
      {
        id: 'la',
        name: 'Los Angeles, weekdays',
        timeZone: 'America/Los_Angeles',
        workingHours: { start: '09:00', end: '17:00' },
      },
      {
        id: 'la-every-day',
        name: 'Los Angeles, every day',
        timeZone: 'America/Los_Angeles',
        workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '09:00', end: '17:00' },
      },
      {
        id: 'london',
        name: 'London, weekdays',
        timeZone: 'Europe/London',
        workingHours: { start: '09:00', end: '17:00' },
      },
      {
        id: 'night',
        name: 'Night shift, Chicago',
        timeZone: 'America/Chicago',
        workingHours: { mon: ['22:00-06:00'], fri: ['22:00-06:00'] },
      },
      {
        id: 'split',
        name: 'Split day, Tokyo',
        timeZone: 'Asia/Tokyo',
        workingHours: { wed: ['09:00-12:00', '13:00-18:00'] },
      },
      { id: 'always', name: 'No hours set', timeZone: 'Australia/Sydney' },
    ],
    fallbackOwner: 'always',
  },
})

const member = (id: string) => {
  const found = team.members.find((m) => m.id === id)
  if (!found) throw new Error(id)
  return found
}

describe('isWorking', () => {
  it.each([
    // US DST starts Sunday 2026-03-08 at 02:00: Los Angeles goes from UTC-8 to UTC-7.
    ['la', '2026-03-06T16:30:00Z', false, 'Fri before DST, 08:30 PST'],
    ['la', '2026-03-06T17:00:00Z', true, 'Fri before DST, 09:00 PST'],
    ['la', '2026-03-09T16:30:00Z', true, 'Mon after DST, 09:30 PDT'],
    ['la', '2026-03-09T15:59:00Z', false, 'Mon after DST, 08:59 PDT'],
    ['la', '2026-03-09T23:59:00Z', true, 'Mon after DST, 16:59 PDT'],
    ['la', '2026-03-10T00:00:00Z', false, 'Mon after DST, 17:00 PDT (end is exclusive)'],
    ['la', '2026-03-08T18:00:00Z', false, 'the DST Sunday itself is a weekend day'],
    ['la-every-day', '2026-03-08T16:30:00Z', true, 'DST Sunday 09:30 PDT (would be 08:30 in PST)'],
    ['la-every-day', '2026-03-08T09:30:00Z', false, 'DST Sunday 01:30 PST, before the switch'],
    // US DST ends Sunday 2026-11-01 at 02:00: back to UTC-8.
    ['la-every-day', '2026-11-01T16:30:00Z', false, 'DST-end Sunday 08:30 PST (would be 09:30 in PDT)'],
    ['la-every-day', '2026-11-01T17:00:00Z', true, 'DST-end Sunday 09:00 PST'],
    ['la', '2026-10-30T16:30:00Z', true, 'Fri before DST ends, 09:30 PDT'],
    ['la', '2026-11-02T16:30:00Z', false, 'Mon after DST ends, 08:30 PST'],
    ['la', '2026-11-02T17:00:00Z', true, 'Mon after DST ends, 09:00 PST'],
    // UK summer time starts Sunday 2026-03-29: London goes from UTC+0 to UTC+1.
    ['london', '2026-03-27T08:30:00Z', false, 'Fri before BST, 08:30 GMT'],
    ['london', '2026-03-30T08:30:00Z', true, 'Mon in BST, 09:30 BST'],
    ['london', '2026-03-30T16:30:00Z', false, 'Mon in BST, 17:30 BST'],
    ['night', '2026-03-16T04:30:00Z', false, 'Sun 23:30 CDT: the shift starts Monday night'],
    ['night', '2026-03-17T03:30:00Z', true, 'Mon 22:30 CDT, in the overnight range'],
    ['night', '2026-03-17T10:59:00Z', true, 'Tue 05:59 CDT, the Monday shift runs into Tuesday'],
    ['night', '2026-03-17T11:00:00Z', false, 'Tue 06:00 CDT, the shift is over'],
    ['night', '2026-03-21T10:00:00Z', true, 'Sat 05:00 CDT, the Friday shift runs into Saturday'],
    ['split', '2026-03-18T02:30:00Z', true, 'Wed 11:30 JST'],
    ['split', '2026-03-18T03:30:00Z', false, 'Wed 12:30 JST, lunch'],
    ['split', '2026-03-18T04:00:00Z', true, 'Wed 13:00 JST'],
    ['always', '2026-03-15T15:00:00Z', true, 'no working hours means always working'],
  ])('%s at %s → %s (%s)', (id, at, expected) => {
    expect(isWorking(member(id), new Date(at))).toBe(expected)
  })
})

describe('localTime', () => {
  it.each([
    ['2026-03-08T09:59:00Z', 'America/Los_Angeles', { weekday: 'sun', minutes: 1 * 60 + 59 }],
    ['2026-03-08T10:00:00Z', 'America/Los_Angeles', { weekday: 'sun', minutes: 3 * 60 }],
    ['2026-11-01T08:30:00Z', 'America/Los_Angeles', { weekday: 'sun', minutes: 1 * 60 + 30 }],
    ['2026-11-01T09:30:00Z', 'America/Los_Angeles', { weekday: 'sun', minutes: 1 * 60 + 30 }],
    ['2026-03-16T00:00:00Z', 'UTC', { weekday: 'mon', minutes: 0 }],
    ['2026-03-15T23:30:00Z', 'Asia/Kolkata', { weekday: 'mon', minutes: 5 * 60 }],
  ])('%s in %s', (at, timeZone, expected) => {
    expect(localTime(new Date(at), timeZone)).toEqual(expected)
  })
})

describe('startOfLocalDay', () => {
  it.each([
    ['2026-03-16T17:00:00Z', 'America/Los_Angeles', '2026-03-16T07:00:00.000Z'],
    ['2026-03-16T06:59:00Z', 'America/Los_Angeles', '2026-03-15T07:00:00.000Z'],
    ['2026-03-08T20:00:00Z', 'America/Los_Angeles', '2026-03-08T08:00:00.000Z'], // DST began at 02:00 that day
    ['2026-11-01T20:00:00Z', 'America/Los_Angeles', '2026-11-01T07:00:00.000Z'], // DST ended at 02:00 that day
    ['2026-03-30T08:30:00Z', 'Europe/London', '2026-03-29T23:00:00.000Z'],
    ['2026-03-16T00:00:00Z', 'UTC', '2026-03-16T00:00:00.000Z'],
    ['2026-03-15T23:30:00Z', 'Asia/Kolkata', '2026-03-15T18:30:00.000Z'],
  ])('%s in %s began at %s', (at, timeZone, start) => {
    expect(startOfLocalDay(new Date(at), timeZone).toISOString()).toBe(start)
  })
})
