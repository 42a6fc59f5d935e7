import { describe, expect, it } from 'vitest'
import { parseRate } from './lead-stream.js'
import type { FormQuestion, LeadFormResponse } from './linkedin-types.js'
import { createSeedData } from './seed.js'

const NOW = Date.UTC(2026, 2, 15)
const DAY = 86_400_000

function answersByField(data: ReturnType<typeof createSeedData>, lead: LeadFormResponse) {
  const [, id, version] = /leadGenForm:(\d+),(\d+)/.exec(lead.versionedLeadGenFormUrn)!
  const questions = data.forms.get(Number(id))!.versions.find((v) => v.versionId === Number(version))!.content.questions
  const byId = new Map<number, FormQuestion>(questions.map((q) => [q.questionId, q]))
  const out: Record<string, string> = {}
  for (const a of lead.formResponse.answers) {
    const field = byId.get(a.questionId)?.predefinedField
    if (field && 'textQuestionAnswer' in a.answerDetails) out[field] = a.answerDetails.textQuestionAnswer.answer
  }
  return out
}

describe('seeded data', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(JSON.stringify(createSeedData(42, NOW).leads)).toBe(JSON.stringify(createSeedData(42, NOW).leads))
    expect(JSON.stringify(createSeedData(43, NOW).leads)).not.toBe(JSON.stringify(createSeedData(42, NOW).leads))
    expect(createSeedData('demo', NOW).leads[0]).toEqual(createSeedData('demo', NOW).leads[0])
  })

  it('has sponsored accounts and organizations, and a form per lead type', () => {
    const data = createSeedData(1, NOW)
    expect(data.owners.sponsoredAccounts.length).toBeGreaterThanOrEqual(2)
    expect(data.owners.organizations.length).toBeGreaterThanOrEqual(1)
    expect(new Set([...data.forms.values()].map((f) => f.leadType))).toEqual(
      new Set(['SPONSORED', 'EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT']),
    )
  })

  it('has versioned forms with predefined and custom, text and multiple-choice questions, hidden fields, consents, a Spanish locale', () => {
    const forms = [...createSeedData(1, NOW).forms.values()]
    const versions = forms.flatMap((f) => f.versions)
    const questions = versions.flatMap((v) => v.content.questions)
    expect(forms.some((f) => f.versions.length > 1)).toBe(true)
    expect(questions.some((q) => q.predefinedField)).toBe(true)
    expect(questions.some((q) => !q.predefinedField && 'textQuestionDetails' in q.questionDetails)).toBe(true)
    expect(questions.some((q) => 'multipleChoiceQuestionDetails' in q.questionDetails)).toBe(true)
    expect(versions.some((v) => v.hiddenFields.length > 0)).toBe(true)
    expect(versions.every((v) => v.content.legalInfo.consents.length > 0)).toBe(true)
    expect(versions.some((v) => v.creationLocale.language === 'es')).toBe(true)
  })

  it('has realistic US leads: work e-mails, mixed phone formats, titles from intern to CEO, sizes, industries, states, ZIPs', () => {
    const data = createSeedData(1, NOW)
    const many = Array.from({ length: 5 }, (_, i) => createSeedData(i + 1, NOW)).flatMap((d) =>
      d.leads.map((l) => answersByField(d, l)),
    )
    const values = (field: string) => many.map((a) => a[field]).filter((v): v is string => v !== undefined)
    expect(values('WORK_EMAIL').every((e) => /^[a-z.]+@[a-z.-]+\.[a-z]+$/.test(e))).toBe(true)
    const phoneShapes = new Set(values('PHONE_NUMBER').map((p) => p.replace(/\d/g, '9')))
    expect(phoneShapes.size).toBeGreaterThanOrEqual(4)
    const titles = values('JOB_TITLE')
    expect(titles.some((t) => /Intern/.test(t))).toBe(true)
    expect(titles.some((t) => /CEO/.test(t))).toBe(true)
    expect(values('COMPANY_SIZE').length).toBeGreaterThan(0)
    expect(values('INDUSTRY').length).toBeGreaterThan(0)
    expect(values('STATE').every((s) => /^[A-Z]{2}$/.test(s))).toBe(true)
    expect(values('ZIP_CODE').every((z) => /^\d{5}$/.test(z))).toBe(true)
    expect(data.leads.some((l) => l.testLead)).toBe(true)
    expect(data.leads.some((l) => !l.testLead)).toBe(true)
  })

  it('spreads leads over more than a year, so the 365-day retention has something to hide', () => {
    const { leads } = createSeedData(1, NOW)
    expect(leads.some((l) => l.submittedAt < NOW - 365 * DAY)).toBe(true)
    expect(leads.some((l) => l.submittedAt > NOW - 30 * DAY)).toBe(true)
  })

  it("lead ids look like LinkedIn's: a UUID and a -N suffix", () => {
    for (const lead of createSeedData(1, NOW).leads) {
      expect(lead.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-\d$/)
    }
  })
})

describe('--rate', () => {
  it('reads 5/s, 30/m, 2/h and a bare number as leads per second', () => {
    expect(parseRate('5/s')).toBe(5)
    expect(parseRate('30/m')).toBe(0.5)
    expect(parseRate('2/h')).toBeCloseTo(2 / 3600)
    expect(parseRate('3')).toBe(3)
    expect(parseRate('fast')).toBeUndefined()
  })
})
