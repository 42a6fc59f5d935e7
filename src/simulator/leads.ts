import type { AnswerDetails, FormQuestion, LeadFormResponse, SeededForm } from './linkedin-types.js'
import { versionedFormUrn } from './linkedin-types.js'
import { createPerson, type Person } from './people.js'
import type { Random } from './random.js'

/** Answers a caller gives, keyed by predefinedField (`WORK_EMAIL`) or questionId; numbers pick options. */
export type GivenAnswers = Readonly<Record<string, string | readonly number[]>>

export interface LeadOptions {
  readonly submittedAt: number
  readonly testLead: boolean
  readonly versionId?: number
  readonly answers?: GivenAnswers
}

const FIELD_VALUES: Record<string, (person: Person) => string> = {
  FIRST_NAME: (p) => p.firstName,
  LAST_NAME: (p) => p.lastName,
  EMAIL: (p) => p.email,
  WORK_EMAIL: (p) => p.workEmail,
  PHONE_NUMBER: (p) => p.phone,
  JOB_TITLE: (p) => p.jobTitle,
  JOB_FUNCTION: (p) => p.jobFunction,
  SENIORITY: (p) => p.seniority,
  INDUSTRY: (p) => p.industry,
  COMPANY_NAME: (p) => p.company,
  COMPANY_SIZE: (p) => p.companySize,
  CITY: (p) => p.city,
  STATE: (p) => p.state,
  ZIP_CODE: (p) => p.zip,
  COUNTRY: (p) => p.country,
}

const FREE_TEXT = [
  'Keeping our CRM in sync with ad leads',
  'Speed to lead',
  'Mexico',
  'Too many tools, not enough time',
  'Reporting across regions',
  '',
]

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

function answerFor(question: FormQuestion, person: Person, random: Random, given: GivenAnswers): AnswerDetails | null {
  const explicit = given[String(question.questionId)] ?? (question.predefinedField && given[question.predefinedField])
  const details = question.questionDetails
  if ('multipleChoiceQuestionDetails' in details) {
    if (Array.isArray(explicit)) return { multipleChoiceAnswer: { options: explicit } }
    const options = details.multipleChoiceQuestionDetails.options
    return { multipleChoiceAnswer: { options: [random.pick(options).id] } }
  }
  if (typeof explicit === 'string') return { textQuestionAnswer: { answer: explicit } }
  const value = question.predefinedField ? FIELD_VALUES[question.predefinedField]?.(person) : random.pick(FREE_TEXT)
  // Optional questions are sometimes left blank; LinkedIn then sends no answer at all.
  if (value === undefined || (value === '' && !question.responseRequired)) return null
  if (!question.responseRequired && random.chance(0.2)) return null
  return { textQuestionAnswer: { answer: value } }
}

/** One submission of a seeded form: a fictional US member answering every question of one version. */
export function createLead(random: Random, form: SeededForm, options: LeadOptions): LeadFormResponse {
  const version =
    form.versions.find((v) => v.versionId === options.versionId) ?? (form.versions.at(-1) as SeededForm['versions'][0])
  const person = createPerson(random)
  const answers = version.content.questions.flatMap((question) => {
    const answerDetails = answerFor(question, person, random, options.answers ?? {})
    return answerDetails ? [{ questionId: question.questionId, answerDetails }] : []
  })
  // LinkedIn does not return answers in question order; receivers must join on questionId.
  for (let i = answers.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[answers[i], answers[j]] = [answers[j] as (typeof answers)[0], answers[i] as (typeof answers)[0]]
  }
  const id = `${random.hex(8)}-${random.hex(4)}-4${random.hex(3)}-${random.pick(['8', '9', 'a', 'b'])}${random.hex(3)}-${random.hex(12)}-${random.int(1, 9)}`
  const submitter = `urn:li:person:${Array.from({ length: 10 }, () => random.pick([...ALNUM])).join('')}`
  const sponsored = form.leadType === 'SPONSORED'
  return {
    owner: version.owner,
    submitter,
    leadType: form.leadType,
    ...(sponsored && form.campaign ? { leadMetadata: { sponsoredLeadMetadata: { campaign: form.campaign } } } : {}),
    versionedLeadGenFormUrn: versionedFormUrn(version.id, version.versionId),
    id,
    submittedAt: options.submittedAt,
    testLead: options.testLead,
    ...(sponsored
      ? { associatedEntity: { associatedCreative: `urn:li:sponsoredCreative:${random.int(100_000_000, 999_999_999)}` } }
      : form.associatedEntity
        ? { associatedEntity: form.associatedEntity }
        : {}),
    formResponse: {
      consentResponses: version.content.legalInfo.consents.map((consent) => ({
        consentId: consent.id,
        accepted: consent.checkRequired || random.chance(0.6),
      })),
      answers,
    },
  }
}
