import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/support/linkedin.js'
import { LeadFormResponseSchema, LeadFormSchema } from '../linkedin/index.js'
import { normalizeLead } from './lead-fields.js'
import { mapAnswers } from './map-answers.js'

const response = LeadFormResponseSchema.parse(fixture('lead-form-response-sponsored.json'))
const form = LeadFormSchema.parse(fixture('lead-form-7234246.json'))

describe("mapAnswers on LinkedIn's sample lead and its Spanish form", () => {
  const mapped = mapAnswers(response, form)

  it('maps answers by predefinedField, not by label', () => {
    expect(mapped.raw).toMatchObject({
      firstName: 'Kevin',
      lastName: 'Johonson',
      email: 'kevjohonson@email.com',
      workEmail: 'kjohonson@email.com',
    })
  })

  it('keeps custom questions with their question text, resolving multiple-choice options to their text', () => {
    expect(mapped.customAnswers).toEqual(
      expect.arrayContaining([
        { questionId: 707234246, question: 'Cuál es tu color favorito', answer: 'Rojo' },
        { questionId: 807234246, question: '¿Dónde creciste?', answer: 'Mexico' },
      ]),
    )
  })

  it('keeps consents with their text, and the hidden fields', () => {
    expect(mapped.consents).toEqual([
      { id: 0, text: 'marque mi casilla de verificación personalizada!', accepted: true },
    ])
    expect(mapped.hiddenFields).toEqual({ hidden_field: 'abc678', campo_escondido: 'def789' })
  })

  it('treats an unknown predefinedField as a custom answer that names it', () => {
    const withNew = LeadFormSchema.parse({
      ...fixture<Record<string, unknown>>('lead-form-7234246.json'),
      content: {
        questions: [
          {
            questionId: 1,
            name: 'Budget',
            predefinedField: 'BUDGET_RANGE',
            question: { localized: { en_US: 'Budget?' } },
          },
        ],
      },
    })
    const lead = LeadFormResponseSchema.parse({
      id: 'x-1',
      formResponse: { answers: [{ questionId: 1, answerDetails: { textQuestionAnswer: { answer: '$10k' } } }] },
    })
    expect(mapAnswers(lead, withNew).customAnswers).toEqual([
      { questionId: 1, question: 'Budget?', predefinedField: 'BUDGET_RANGE', answer: '$10k' },
    ])
  })
})

describe('normalizeLead', () => {
  it('normalises a messy US lead', () => {
    const { fields, warnings } = normalizeLead(
      {
        raw: {
          firstName: '  jane ',
          lastName: 'DOE',
          email: ' Jane.Doe@Acme.COM',
          phone: '(415) 555-2671',
          state: 'california',
          postalCode: '94105-1234',
          companySize: '51-200 employees',
          country: 'United States',
        },
        customAnswers: [],
        consents: [],
        hiddenFields: {},
      },
      'US',
    )
    expect(fields).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane.doe@acme.com',
      phone: '(415) 555-2671',
      phoneE164: '+14155552671',
      state: 'CA',
      postalCode: '94105',
      zipPlus4: '94105-1234',
      companySize: '51-200',
      country: 'US',
    })
    expect(warnings).toEqual([])
  })

  it('reads a phone in the country the lead answered, before the form locale', () => {
    const { fields } = normalizeLead(
      { raw: { phone: '020 7946 0958', country: 'United Kingdom' }, customAnswers: [], consents: [], hiddenFields: {} },
      'ES',
    )
    expect(fields.phoneE164).toBe('+442079460958')
    expect(fields.country).toBe('GB')
  })

  it('warns, without repeating values, about what it cannot normalise', () => {
    const { warnings } = normalizeLead(
      { raw: { email: 'nope', phone: '123', postalCode: 'ABC' }, customAnswers: [], consents: [], hiddenFields: {} },
      'US',
    )
    expect(warnings).toEqual(['email-invalid', 'phone-invalid', 'zip-invalid'])
  })
})
