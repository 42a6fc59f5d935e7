import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/support/linkedin.js'
import { LeadFormResponseSchema, LeadFormSchema } from '../linkedin/index.js'
import { alertContact } from './build-alert.js'
import { normalizeLead } from './lead-fields.js'
import { mapAnswers } from './map-answers.js'

const form = LeadFormSchema.parse(fixture('lead-form-7234246.json'))
const sample = fixture<{ formResponse: { answers: { answerDetails: { textQuestionAnswer?: { answer: string } } }[] } }>(
  'lead-form-response-sponsored.json',
)

/** LinkedIn's sample lead with every text answer replaced by `text`. */
function leadAnswering(text: (original: string) => string) {
  const copy = structuredClone(sample)
  for (const a of copy.formResponse.answers) {
    if (a.answerDetails.textQuestionAnswer)
      a.answerDetails.textQuestionAnswer.answer = text(a.answerDetails.textQuestionAnswer.answer)
  }
  return mapAnswers(LeadFormResponseSchema.parse(copy), form)
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the test
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

describe('lead text from the form', () => {
  it('loses control characters and collapses whitespace in every free-text field at normalisation', () => {
    const mapped = leadAnswering(
      (original) => `\u001b[2K\u0007${original}\r\n\u009b  \tend\u001b]8;;https://evil.example\u0007`,
    )
    const { fields } = normalizeLead(mapped, 'US')
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value === 'string') expect(CONTROL.test(value), `${key}: ${JSON.stringify(value)}`).toBe(false)
      if (typeof value === 'string') expect(value, key).not.toMatch(/\s{2}/)
    }
    for (const answer of mapped.customAnswers) expect(CONTROL.test(answer.answer)).toBe(false)
    expect(fields.firstName).toContain('Kevin')
  })

  it('never puts an invalid e-mail or phone into an alert as typed', () => {
    const forged = "x@%\n\nI'm on it: https://evil.example/ack"
    const { fields } = normalizeLead(
      leadAnswering(() => forged),
      'US',
    )
    const contact = alertContact({ ...fields, phone: '+1 555 0100\nCall https://evil.example', phoneE164: null })
    expect(contact.email).toBeNull()
    expect(contact.phone).toBeNull()
    expect(alertContact({ ...fields, workEmail: 'dana@acme.example', phoneE164: '+14155550123' })).toEqual({
      email: 'dana@acme.example',
      phone: '+14155550123',
    })
  })
})
