import type { LeadForm, LeadFormQuestion, LeadFormResponse } from '../linkedin/index.js'
import { cleanText } from '../util/index.js'

/** LinkedIn `predefinedField` → LeadRelay field. The enum is not published: unknown values stay custom answers. */
const PREDEFINED: Record<string, RawFieldName> = {
  FIRST_NAME: 'firstName',
  LAST_NAME: 'lastName',
  EMAIL: 'email',
  WORK_EMAIL: 'workEmail',
  PHONE_NUMBER: 'phone',
  WORK_PHONE_NUMBER: 'phone',
  WORK_PHONE: 'phone',
  JOB_TITLE: 'jobTitle',
  SENIORITY: 'seniority',
  JOB_FUNCTION: 'jobFunction',
  COMPANY_NAME: 'company',
  COMPANY: 'company',
  COMPANY_SIZE: 'companySize',
  INDUSTRY: 'industry',
  CITY: 'city',
  STATE: 'state',
  ZIP_CODE: 'postalCode',
  POSTAL_CODE: 'postalCode',
  COUNTRY: 'country',
}

export type RawFieldName =
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'workEmail'
  | 'phone'
  | 'jobTitle'
  | 'seniority'
  | 'jobFunction'
  | 'company'
  | 'companySize'
  | 'industry'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'country'

export interface CustomAnswer {
  readonly questionId: number
  readonly question: string
  /** Set when LinkedIn marked the question with a predefined field LeadRelay does not map. */
  readonly predefinedField?: string
  readonly answer: string
}

export interface Consent {
  readonly id: number
  readonly text: string
  readonly accepted: boolean
}

export interface MappedAnswers {
  readonly raw: Partial<Record<RawFieldName, string>>
  readonly customAnswers: readonly CustomAnswer[]
  readonly consents: readonly Consent[]
  readonly hiddenFields: Readonly<Record<string, string>>
}

/**
 * Joins the answers (keyed only by question id) to the form's questions, and maps them by
 * `predefinedField`, never by the question's label, which is translated and editable.
 */
export function mapAnswers(response: LeadFormResponse, form: LeadForm | undefined): MappedAnswers {
  const locale = form?.creationLocale ? `${form.creationLocale.language}_${form.creationLocale.country}` : undefined
  const questions = new Map<number, LeadFormQuestion>((form?.content.questions ?? []).map((q) => [q.questionId, q]))
  const raw: Partial<Record<RawFieldName, string>> = {}
  const customAnswers: CustomAnswer[] = []

  for (const answer of response.formResponse.answers) {
    const question = questions.get(answer.questionId)
    const given = answerText(answer.answerDetails, question, locale)
    // Free text reaches alerts, terminals and CRMs: no control characters, one line.
    const text = given === undefined ? undefined : cleanText(given)
    if (text === undefined) continue
    const field = question?.predefinedField ? PREDEFINED[question.predefinedField] : undefined
    if (field && raw[field] === undefined) {
      raw[field] = text
      continue
    }
    customAnswers.push({
      questionId: answer.questionId,
      question: cleanText(
        question
          ? (localized(question.question?.localized, locale) ?? question.name ?? String(answer.questionId))
          : (answer.name ?? String(answer.questionId)),
      ),
      ...(question?.predefinedField ? { predefinedField: question.predefinedField } : {}),
      answer: text,
    })
  }

  const consentTexts = new Map(
    (form?.content.legalInfo?.consents ?? []).map((c) => [c.id, localized(c.consent?.localized, locale)]),
  )
  const consents = response.formResponse.consentResponses.map((c) => ({
    id: c.consentId,
    text: cleanText(consentTexts.get(c.consentId) ?? ''),
    accepted: c.accepted,
  }))
  const hiddenFields = Object.fromEntries(
    (form?.hiddenFields ?? []).map((h) => [cleanText(h.name), cleanText(h.value ?? '')]),
  )
  return { raw, customAnswers, consents, hiddenFields }
}

function answerText(
  details: LeadFormResponse['formResponse']['answers'][number]['answerDetails'],
  question: LeadFormQuestion | undefined,
  locale: string | undefined,
): string | undefined {
  if (details.textQuestionAnswer) return details.textQuestionAnswer.answer
  if (details.multipleChoiceAnswer) {
    const options = question?.questionDetails?.multipleChoiceQuestionDetails?.options ?? []
    return details.multipleChoiceAnswer.options
      .map((id) => localized(options.find((o) => o.id === id)?.text?.localized, locale) ?? `option ${id}`)
      .join(', ')
  }
  return undefined
}

/** The text in the form's own locale, else the first one given. */
function localized(texts: Record<string, string> | undefined, locale: string | undefined): string | undefined {
  if (!texts) return undefined
  return (locale ? texts[locale] : undefined) ?? Object.values(texts)[0]
}
