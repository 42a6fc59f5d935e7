import { describe, expect, it } from 'vitest'
import { matches } from './conditions.js'
import type { Condition } from './rules-schema.js'
import { lead } from './test-helpers.js'

const facts = lead(
  {
    firstName: 'Ana',
    jobTitle: 'VP of Sales',
    seniority: 'VP',
    company: 'Acme Robotics',
    companySize: '1,001-5,000',
    industry: 'Software Development',
    state: 'CA',
    postalCode: '94107',
    country: 'US',
    workEmail: 'ana@Acme.io',
  },
  { leadType: 'SPONSORED', formId: '7234246', formName: 'Demo request', test: false },
)

describe('matches: one operator at a time', () => {
  it.each<[string, Condition, boolean, string]>([
    [
      'equals on text ignores case',
      { field: 'industry', equals: 'software development' },
      true,
      'industry is "software development"',
    ],
    [
      'equals on text fails on another value',
      { field: 'industry', equals: 'Retail' },
      false,
      'industry is not "Retail"',
    ],
    ['equals on a number compares numbers', { field: 'companySizeMin', equals: 1001 }, true, 'companySizeMin is 1001'],
    ['equals on a boolean reads flags', { field: 'test', equals: false }, true, 'test is false'],
    ['equals on a numeric id given as a number', { field: 'formId', equals: 7234246 }, true, 'formId is 7234246'],
    [
      'in takes any listed value, ignoring case',
      { field: 'seniority', in: ['cxo', 'vp'] },
      true,
      'seniority is one of cxo, vp',
    ],
    ['in fails when no value matches', { field: 'seniority', in: ['Entry'] }, false, 'seniority is not one of Entry'],
    [
      'contains finds a substring, ignoring case',
      { field: 'company', contains: 'ROBOT' },
      true,
      'company contains "ROBOT"',
    ],
    [
      'contains fails on a missing substring',
      { field: 'company', contains: 'bank' },
      false,
      'company does not contain "bank"',
    ],
    ['regex is case-insensitive', { field: 'jobTitle', regex: '^vp|chief' }, true, 'jobTitle matches /^vp|chief/'],
    [
      'regex fails when it does not match',
      { field: 'jobTitle', regex: 'engineer' },
      false,
      'jobTitle does not match /engineer/',
    ],
    ['gte holds at the bound', { field: 'companySizeMin', gte: 1001 }, true, 'companySizeMin >= 1001'],
    ['gte fails below the bound', { field: 'companySizeMin', gte: 5001 }, false, 'companySizeMin < 5001'],
    ['lte holds at the bound', { field: 'companySizeMin', lte: 1001 }, true, 'companySizeMin <= 1001'],
    ['lte fails above the bound', { field: 'companySizeMin', lte: 200 }, false, 'companySizeMin > 200'],
    [
      'between is inclusive',
      { field: 'companySizeMin', between: [501, 1001] },
      true,
      'companySizeMin is between 501 and 1001',
    ],
    [
      'between fails outside',
      { field: 'companySizeMin', between: [1, 200] },
      false,
      'companySizeMin is not between 1 and 200',
    ],
    [
      'gte and lte together form a range',
      { field: 'completeness', gte: 0.5, lte: 1 },
      true,
      'completeness >= 0.5 and completeness <= 1',
    ],
    [
      'zipPrefix takes any listed prefix',
      { field: 'postalCode', zipPrefix: ['100', '94'] },
      true,
      'postalCode starts with 100 or 94',
    ],
    [
      'zipPrefix fails on other prefixes',
      { field: 'postalCode', zipPrefix: ['10'] },
      false,
      'postalCode does not start with 10',
    ],
    ['states lists a territory', { field: 'state', states: ['WA', 'CA', 'OR'] }, true, 'state is in WA, CA, OR'],
    ['states fails outside the territory', { field: 'state', states: ['NY'] }, false, 'state is not in NY'],
    [
      'a derived e-mail domain is matched lower-cased',
      { field: 'emailDomain', equals: 'acme.io' },
      true,
      'emailDomain is "acme.io"',
    ],
    ['an empty field matches no operator', { field: 'city', contains: 'a' }, false, 'city is empty'],
    ['a number on a text field never meets a numeric bound', { field: 'company', gte: 1 }, false, 'company < 1'],
  ])('%s', (_name, condition, matched, explanation) => {
    expect(matches(condition, facts)).toEqual({ matched, explanation })
  })
})

describe('matches: combining conditions', () => {
  const west: Condition = { field: 'state', states: ['CA', 'WA'] }
  const east: Condition = { field: 'state', states: ['NY'] }
  const big: Condition = { field: 'companySizeMin', gte: 1000 }

  it.each<[string, Condition, boolean, string]>([
    ['all matches when every part does', { all: [west, big] }, true, 'state is in CA, WA and companySizeMin >= 1000'],
    ['all fails on the first failing part', { all: [big, east, west] }, false, 'state is not in NY'],
    ['any matches on the first matching part', { any: [east, west, big] }, true, 'state is in CA, WA'],
    [
      'any fails when no part does',
      { any: [east, { field: 'industry', equals: 'Retail' }] },
      false,
      'state is not in NY and industry is not "Retail"',
    ],
    ['not inverts a failing condition', { not: east }, true, 'state is not in NY'],
    ['not inverts a matching condition', { not: west }, false, 'state is in CA, WA'],
    ['not of an empty field matches', { not: { field: 'city', equals: 'Austin' } }, true, 'city is empty'],
    [
      'nesting reads as written',
      { all: [{ any: [east, west] }, { not: { field: 'jobTitle', regex: 'intern' } }] },
      true,
      'state is in CA, WA and jobTitle does not match /intern/',
    ],
  ])('%s', (_name, condition, matched, explanation) => {
    expect(matches(condition, facts)).toEqual({ matched, explanation })
  })

  it('requires every operator in one leaf to hold', () => {
    expect(matches({ field: 'jobTitle', contains: 'sales', regex: '^vp' }, facts).matched).toBe(true)
    expect(matches({ field: 'jobTitle', contains: 'sales', regex: '^chief' }, facts)).toEqual({
      matched: false,
      explanation: 'jobTitle does not match /^chief/',
    })
  })

  it('compares states and ZIP codes whatever the case or spacing of the lead', () => {
    const messy = lead({ state: 'wa', postalCode: ' 98101 ' })
    expect(matches({ field: 'state', states: ['WA'] }, messy).matched).toBe(true)
    expect(matches({ field: 'postalCode', zipPrefix: ['981'] }, messy).matched).toBe(true)
  })

  it('reads score and priority once the lead is scored', () => {
    const scored = { ...facts, score: 75, priority: 'hot' as const }
    expect(matches({ field: 'score', between: [70, 100] }, scored).matched).toBe(true)
    expect(matches({ field: 'priority', equals: 'HOT' }, scored).matched).toBe(true)
    expect(matches({ field: 'score', gte: 0 }, facts)).toEqual({ matched: false, explanation: 'score is empty' })
  })
})
