import type { LeadType } from '../linkedin/index.js'
import type { FormQuestion, LeadForm, Localized, Owner, SeededForm } from './linkedin-types.js'
import type { Random } from './random.js'

export interface SeededOwners {
  readonly sponsoredAccounts: readonly { readonly urn: string; readonly name: string }[]
  readonly organizations: readonly { readonly urn: string; readonly name: string }[]
}

const DAY = 86_400_000

// Predefined fields beyond the eight LinkedIn's own samples confirm (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead forms (predefinedField)) are marked so
// they are easy to correct when the real enum is known.
const UNCONFIRMED_FIELDS = new Set([
  'PHONE_NUMBER',
  'COMPANY_NAME',
  'COUNTRY',
  'CITY',
  'STATE',
  'ZIP_CODE',
  'COMPANY_SIZE',
])
export const isUnconfirmedPredefinedField = (field: string) => UNCONFIRMED_FIELDS.has(field)

type QuestionSpec =
  | { readonly field: string; readonly name: string; readonly label: string; readonly required?: boolean }
  | { readonly custom: 'text'; readonly name: string; readonly label: string }
  | { readonly custom: 'choice'; readonly name: string; readonly label: string; readonly options: readonly string[] }

interface FormSpec {
  readonly id: number
  readonly owner: Owner
  readonly leadType: LeadType
  readonly name: string
  readonly locale: 'en_US' | 'es_ES'
  readonly versions: readonly (readonly QuestionSpec[])[]
  readonly hiddenFields: readonly { readonly name: string; readonly value: string }[]
  readonly associatedEntity?: Record<string, string>
  readonly campaign?: string
}

const loc = (locale: string, text: string): Localized => ({ localized: { [locale]: text } })

// LinkedIn's sample ids read "<position>0<formId>" (107234246 is question 1 of form 7234246).
const questionId = (formId: number, position: number) => Number(`${position}${String(formId).padStart(8, '0')}`)

function question(formId: number, locale: string, spec: QuestionSpec, position: number): FormQuestion {
  const base = {
    questionId: questionId(formId, position),
    name: spec.name,
    question: loc(locale, spec.label),
    responseEditable: true,
  }
  if ('field' in spec) {
    return {
      ...base,
      predefinedField: spec.field,
      responseRequired: spec.required ?? true,
      questionDetails: { textQuestionDetails: { maxResponseLength: 300 } },
    }
  }
  if (spec.custom === 'text') {
    return { ...base, responseRequired: false, questionDetails: { textQuestionDetails: { maxResponseLength: 300 } } }
  }
  return {
    ...base,
    responseRequired: true,
    questionDetails: {
      multipleChoiceQuestionDetails: { options: spec.options.map((text, id) => ({ id, text: loc(locale, text) })) },
    },
  }
}

function buildForm(spec: FormSpec, createdAt: number): SeededForm {
  const [language, country] = spec.locale.split('_') as [string, string]
  const spanish = spec.locale === 'es_ES'
  const versions = spec.versions.map((questions, index): LeadForm => {
    const modified = createdAt + index * 30 * DAY
    return {
      id: spec.id,
      versionId: index + 1,
      owner: spec.owner,
      name: spec.name,
      state: 'PUBLISHED',
      created: createdAt,
      lastModified: modified,
      creationLocale: { country, language },
      hiddenFields: spec.hiddenFields,
      reviewInfo: { rejectionReasons: [], lastUpdated: modified, reviewStatus: 'APPROVED' },
      content: {
        headline: loc(spec.locale, spanish ? 'mi super gran titular' : spec.name),
        description: loc(
          spec.locale,
          spanish ? 'Mis detalles de súper gran oferta!' : `${spec.name}: tell us about you`,
        ),
        // Positions are stable across versions so a question keeps its id when a version adds another.
        questions: questions.map((q, position) => question(spec.id, spec.locale, q, position + 1)),
        legalInfo: {
          legalInfoId: questionId(spec.id, 1),
          privacyPolicyUrl: 'https://example.com/privacy',
          legalDisclaimer: loc(
            spec.locale,
            spanish ? 'tanto texto de política' : 'By submitting you agree to our terms.',
          ),
          consents: [
            {
              id: 0,
              checkRequired: spanish,
              consent: loc(
                spec.locale,
                spanish ? ' marque mi casilla de verificación personalizada!' : 'Email me product news',
              ),
            },
          ],
        },
        postSubmissionInfo: {
          message: loc(spec.locale, spanish ? 'muchas gracias!' : 'Thanks! We will be in touch.'),
          callToAction: {
            callToActionLabel: 'VISIT_COMPANY_WEBSITE',
            callToActionTarget: { landingPageUrl: 'https://www.linkedin.com' },
          },
        },
      },
    }
  })
  return {
    leadType: spec.leadType,
    versions,
    ...(spec.associatedEntity ? { associatedEntity: spec.associatedEntity } : {}),
    ...(spec.campaign ? { campaign: spec.campaign } : {}),
  }
}

const CONTACT: readonly QuestionSpec[] = [
  { field: 'FIRST_NAME', name: 'First name', label: 'First name' },
  { field: 'LAST_NAME', name: 'Last name', label: 'Last name' },
  { field: 'WORK_EMAIL', name: 'Work email', label: 'Work email' },
]

/** Accounts, organizations and forms; account 1234567 and form 7234246 match LinkedIn's Postman samples. */
export function seedForms(random: Random, now: number): { owners: SeededOwners; forms: Map<number, SeededForm> } {
  const account = { sponsoredAccount: 'urn:li:sponsoredAccount:1234567' }
  const secondAccount = { sponsoredAccount: `urn:li:sponsoredAccount:${random.int(500_000_000, 599_999_999)}` }
  const organization = { organization: `urn:li:organization:${random.int(1_000_000, 9_999_999)}` }
  const formId = () => random.int(7_000_000, 9_999_999)
  const demo: QuestionSpec[] = [
    ...CONTACT,
    { field: 'JOB_TITLE', name: 'Job title', label: 'Job title' },
    { field: 'COMPANY_NAME', name: 'Company name', label: 'Company name' },
    {
      custom: 'choice',
      name: 'Timeline',
      label: 'When do you plan to buy?',
      options: ['This quarter', 'This year', 'Just looking'],
    },
  ]
  const specs: FormSpec[] = [
    {
      id: 7234246,
      owner: account,
      leadType: 'SPONSORED',
      name: 'Form with written spanish',
      locale: 'es_ES',
      hiddenFields: [
        { name: 'hidden_field', value: 'abc678' },
        { name: 'campo_escondido', value: 'def789' },
      ],
      campaign: 'urn:li:sponsoredCampaign:198356826',
      versions: [
        [
          { field: 'FIRST_NAME', name: 'First name', label: 'Nombre' },
          { field: 'LAST_NAME', name: 'Last name', label: 'Apellidos' },
          { field: 'EMAIL', name: 'Email address', label: 'Correo electrónico' },
          { field: 'JOB_TITLE', name: 'Job title', label: 'Cargo' },
          { field: 'JOB_FUNCTION', name: 'Job function', label: 'Función laboral' },
          { field: 'WORK_EMAIL', name: 'Work email', label: 'Correo electrónico del trabajo' },
          {
            custom: 'choice',
            name: 'Custom question 0',
            label: 'Cuál es tu color favorito',
            options: ['Rojo', 'Azul'],
          },
          { custom: 'text', name: 'Custom question 1', label: '¿Dónde creciste?' },
        ],
      ],
    },
    {
      id: formId(),
      owner: account,
      leadType: 'SPONSORED',
      name: 'Request a demo',
      locale: 'en_US',
      hiddenFields: [
        { name: 'utm_source', value: 'linkedin' },
        { name: 'utm_campaign', value: 'q1-demo' },
      ],
      campaign: `urn:li:sponsoredCampaign:${random.int(100_000_000, 999_999_999)}`,
      // Version 2 adds a phone number, as an edited published form does.
      versions: [demo, [...demo, { field: 'PHONE_NUMBER', name: 'Phone number', label: 'Phone number' }]],
    },
    {
      id: formId(),
      owner: secondAccount,
      leadType: 'SPONSORED',
      name: 'Download the 2026 benchmark report',
      locale: 'en_US',
      hiddenFields: [{ name: 'utm_source', value: 'linkedin-report' }],
      campaign: `urn:li:sponsoredCampaign:${random.int(100_000_000, 999_999_999)}`,
      versions: [
        [
          ...CONTACT,
          { field: 'SENIORITY', name: 'Seniority', label: 'Seniority' },
          { field: 'INDUSTRY', name: 'Industry', label: 'Industry' },
          { field: 'COMPANY_SIZE', name: 'Company size', label: 'Company size' },
          { field: 'STATE', name: 'State', label: 'State' },
          { field: 'ZIP_CODE', name: 'ZIP code', label: 'ZIP code' },
          { field: 'COUNTRY', name: 'Country', label: 'Country/Region' },
          { custom: 'text', name: 'Biggest challenge', label: 'What is your biggest challenge?' },
        ],
      ],
    },
    {
      id: formId(),
      owner: organization,
      leadType: 'EVENT',
      name: 'Webinar registration',
      locale: 'en_US',
      hiddenFields: [],
      associatedEntity: { event: `urn:li:event:${random.int(1_000_000_000, 9_999_999_999)}` },
      versions: [[...CONTACT, { field: 'JOB_TITLE', name: 'Job title', label: 'Job title' }]],
    },
    {
      id: formId(),
      owner: organization,
      leadType: 'COMPANY',
      name: 'Contact us',
      locale: 'en_US',
      hiddenFields: [],
      versions: [[...CONTACT, { field: 'PHONE_NUMBER', name: 'Phone number', label: 'Phone', required: false }]],
    },
    {
      id: formId(),
      owner: organization,
      leadType: 'ORGANIZATION_PRODUCT',
      name: 'Product page: talk to sales',
      locale: 'en_US',
      hiddenFields: [],
      versions: [[...CONTACT, { field: 'CITY', name: 'City', label: 'City' }]],
    },
  ]
  const forms = new Map<number, SeededForm>()
  for (const spec of specs) forms.set(spec.id, buildForm(spec, now - random.int(400, 500) * DAY))
  return {
    owners: {
      sponsoredAccounts: [
        { urn: account.sponsoredAccount, name: 'LeadRelay Demo Ads' },
        { urn: secondAccount.sponsoredAccount, name: 'Benchmark Reports Ads' },
      ],
      organizations: [{ urn: organization.organization, name: 'LeadRelay Demo Inc.' }],
    },
    forms,
  }
}
