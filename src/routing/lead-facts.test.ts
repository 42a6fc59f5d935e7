import { describe, expect, it } from 'vitest'
import type { LeadFields } from '../pipeline/index.js'
import { companySizeMin, leadFacts, withScore } from './lead-facts.js'

describe('companySizeMin', () => {
  it.each([
    ['1', 1],
    ['2-10', 2],
    ['51-200', 51],
    ['501-1,000', 501],
    ['1,001-5,000', 1001],
    ['10,001+', 10001],
    ['', null],
    [null, null],
    ['unknown', null],
  ])('%j → %j', (band, min) => {
    expect(companySizeMin(band)).toBe(min)
  })
})

describe('leadFacts', () => {
  it('takes the e-mail domain from the work e-mail first, lower-cased', () => {
    expect(leadFacts({ email: 'ana@gmail.com', workEmail: 'ana@Acme.IO' }).emailDomain).toBe('acme.io')
    expect(leadFacts({ email: 'ana@gmail.com', workEmail: null }).emailDomain).toBe('gmail.com')
    expect(leadFacts({ email: 'not-an-address' }).emailDomain).toBeNull()
  })

  it('treats blank text as empty', () => {
    const facts = leadFacts({ company: '   ', city: '' })
    expect([facts.company, facts.city]).toEqual([null, null])
  })

  it('carries the submission facts, with test false and score unset by default', () => {
    const facts = leadFacts({}, { leadType: 'SPONSORED', formId: '42', formName: 'Demo' })
    expect(facts).toMatchObject({ leadType: 'SPONSORED', formId: '42', formName: 'Demo', test: false })
    expect([facts.score, facts.priority]).toEqual([null, null])
    expect(withScore(facts, { score: 80, priority: 'hot' })).toMatchObject({ score: 80, priority: 'hot' })
  })

  it.each<[string, Parameters<typeof leadFacts>, number]>([
    ['nothing filled in', [{}], 0],
    [
      'every field filled in, with email and workEmail counting once',
      [
        {
          firstName: 'A',
          lastName: 'B',
          email: 'a@b.co',
          phone: '1',
          jobTitle: 'T',
          seniority: 'S',
          jobFunction: 'F',
          company: 'C',
          companySize: '1',
          industry: 'I',
          city: 'X',
          state: 'CA',
          postalCode: '94107',
          country: 'US',
        },
      ],
      1,
    ],
    [
      'half of the fields the form asked for',
      [{ firstName: 'A', company: null }, { askedFields: ['firstName', 'company'] }],
      0.5,
    ],
    [
      'all the fields the form asked for',
      [{ firstName: 'A', company: 'C' }, { askedFields: ['firstName', 'company'] }],
      1,
    ],
  ])('completeness with %s is %d', (_name, args, expected) => {
    expect(leadFacts(...args).completeness).toBeCloseTo(expected)
  })
})

describe('leadFacts from the pipeline', () => {
  it("reads the pipeline's normalised LeadFields as they are", () => {
    const fields: LeadFields = {
      firstName: 'Ana',
      lastName: 'Ortiz',
      email: null,
      workEmail: 'ana@acme.io',
      phone: '(415) 555-0100',
      phoneE164: '+14155550100',
      jobTitle: 'VP Sales',
      seniority: 'VP',
      jobFunction: 'Sales',
      company: 'Acme',
      companySize: '201-500',
      industry: 'Software Development',
      city: 'San Francisco',
      state: 'CA',
      postalCode: '94107',
      zipPlus4: null,
      country: 'US',
    }
    expect(leadFacts(fields, { formId: '7234246', test: true })).toMatchObject({
      jobTitle: 'VP Sales',
      companySizeMin: 201,
      emailDomain: 'acme.io',
      formId: '7234246',
      test: true,
      completeness: 1,
    })
  })
})
