import { describe, expect, it } from 'vitest'
import {
  countryCode,
  formatDisplayDate,
  normalizeCompanySize,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizeUsState,
  normalizeUsZip,
} from './index.js'

describe('normalizeName', () => {
  it.each([
    ['  Kevin  ', 'Kevin'],
    ['JOHN  SMITH', 'John Smith'],
    ['mary-jane o’neil', 'Mary-Jane O’Neil'],
    ["o'brien", "O'Brien"],
    ['McDonald', 'McDonald'],
    ['van der Berg', 'van der Berg'],
    ['José\tÁlvarez', 'José Álvarez'],
    ['   ', null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected)
  })
})

describe('normalizeEmail', () => {
  it.each([
    [' Kevin.Johnson@Email.COM ', 'kevin.johnson@email.com', true],
    ['mailto:ana@acme.io', 'ana@acme.io', true],
    ['<ops@acme.co.uk>', 'ops@acme.co.uk', true],
    ['kevin@localhost', 'kevin@localhost', false],
    ['kevin@@acme.com', 'kevin@@acme.com', false],
    ['kevin..j@acme.com', 'kevin..j@acme.com', false],
    ['not an email', 'not an email', false],
  ])('%j → %j (valid: %s)', (input, value, valid) => {
    expect(normalizeEmail(input)).toEqual({ value, valid })
  })

  it('gives null for nothing', () => {
    expect(normalizeEmail('  ')).toBeNull()
  })
})

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-2671', 'US', '+14155552671'],
    ['415.555.2671', 'US', '+14155552671'],
    ['1-415-555-2671', 'US', '+14155552671'],
    ['+1 415 555 2671 ', null, '+14155552671'],
    ['415-555-2671 ext. 12', 'US', '+14155552671'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'US', '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['555-0100', 'US', null],
    ['call me', 'US', null],
    ['4155552671', null, null],
  ])('%j in %s → %s', (input, region, e164) => {
    const result = normalizePhone(input, region as never)
    expect(result?.e164).toBe(e164)
    expect(result?.original).toBe(input.trim())
  })
})

describe('countryCode', () => {
  it.each([
    ['United States', 'US'],
    ['usa', 'US'],
    [' U.S.A. ', 'US'],
    ['Mexico', 'MX'],
    ['gb', 'GB'],
    ['Narnia', null],
  ])('%j → %s', (input, code) => {
    expect(countryCode(input)).toBe(code)
  })
})

describe('normalizeUsState', () => {
  it.each([
    ['california', 'CA'],
    ['CA', 'CA'],
    [' new  york ', 'NY'],
    ['N.Y.', 'NY'],
    ['District of Columbia', 'DC'],
    ['Washington DC', 'DC'],
    ['puerto rico', 'PR'],
    ['Calif', null],
    ['Ontario', null],
  ])('%j → %s', (input, code) => {
    expect(normalizeUsState(input)).toBe(code)
  })
})

describe('normalizeUsZip', () => {
  it.each([
    ['94105', { zip: '94105', zipPlus4: null }],
    [' 94105-1234 ', { zip: '94105', zipPlus4: '94105-1234' }],
    ['941051234', { zip: '94105', zipPlus4: '94105-1234' }],
    ['2134', { zip: '02134', zipPlus4: null }],
    ['02134 - 1234', { zip: '02134', zipPlus4: '02134-1234' }],
    ['SW1A 1AA', null],
    ['123', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normalizeUsZip(input)).toEqual(expected)
  })
})

describe('normalizeCompanySize', () => {
  it.each([
    ['51-200', '51-200'],
    ['51 - 200 employees', '51-200'],
    ['201 to 500', '201-500'],
    ['SIZE_11_TO_50', '11-50'],
    ['1,001-5,000', '1,001-5,000'],
    ['10,001+ employees', '10,001+'],
    ['1000+', '501-1,000'],
    ['5k', '1,001-5,000'],
    ['350', '201-500'],
    ['Self-employed', '1'],
    ['just me', '1'],
    ['large', null],
    ['0', null],
  ])('%j → %s', (input, band) => {
    expect(normalizeCompanySize(input)?.band ?? null).toBe(band)
  })
})

describe('formatDisplayDate', () => {
  it.each([
    // The moments around the 2026 DST changes, in both zones.
    [Date.UTC(2026, 2, 8, 6, 59), 'America/New_York', '03/08/2026 01:59 AM EST'],
    [Date.UTC(2026, 2, 8, 7, 0), 'America/New_York', '03/08/2026 03:00 AM EDT'],
    [Date.UTC(2026, 10, 1, 5, 30), 'America/New_York', '11/01/2026 01:30 AM EDT'],
    [Date.UTC(2026, 10, 1, 6, 30), 'America/New_York', '11/01/2026 01:30 AM EST'],
    [Date.UTC(2026, 6, 4, 19, 5), 'America/Los_Angeles', '07/04/2026 12:05 PM PDT'],
    [Date.UTC(2026, 0, 1, 7, 59), 'America/Los_Angeles', '12/31/2025 11:59 PM PST'],
    [Date.UTC(2026, 0, 15, 18, 0), 'America/Chicago', '01/15/2026 12:00 PM CST'],
  ])('%s in %s → %s', (at, zone, shown) => {
    expect(formatDisplayDate(at, zone)).toBe(shown)
  })
})
