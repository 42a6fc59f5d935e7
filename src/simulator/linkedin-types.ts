import type { LeadType } from '../linkedin/index.js'

/** Shapes as LinkedIn serialises them (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync); the simulator stores and returns these. */
export type Owner = { readonly sponsoredAccount: string } | { readonly organization: string }
export interface Localized {
  readonly localized: Readonly<Record<string, string>>
}

export interface FormQuestion {
  readonly questionId: number
  readonly name: string
  readonly question: Localized
  readonly predefinedField?: string
  readonly responseEditable: boolean
  readonly responseRequired: boolean
  readonly questionDetails:
    | { readonly textQuestionDetails: { readonly maxResponseLength: number } }
    | {
        readonly multipleChoiceQuestionDetails: {
          readonly options: readonly { readonly id: number; readonly text: Localized }[]
        }
      }
}

export interface LeadForm {
  readonly id: number
  readonly versionId: number
  readonly owner: Owner
  readonly name: string
  readonly state: 'PUBLISHED' | 'DRAFT' | 'ARCHIVED'
  readonly created: number
  readonly lastModified: number
  readonly creationLocale: { readonly country: string; readonly language: string }
  readonly hiddenFields: readonly { readonly name: string; readonly value: string }[]
  readonly reviewInfo: {
    readonly rejectionReasons: readonly string[]
    readonly lastUpdated: number
    readonly reviewStatus: string
  }
  readonly content: {
    readonly headline: Localized
    readonly description: Localized
    readonly questions: readonly FormQuestion[]
    readonly legalInfo: {
      readonly legalInfoId: number
      readonly privacyPolicyUrl: string
      readonly legalDisclaimer: Localized
      readonly consents: readonly {
        readonly id: number
        readonly checkRequired: boolean
        readonly consent: Localized
      }[]
    }
    readonly postSubmissionInfo: {
      readonly message: Localized
      readonly callToAction: {
        readonly callToActionLabel: string
        readonly callToActionTarget: { readonly landingPageUrl: string }
      }
    }
  }
}

export type AnswerDetails =
  | { readonly textQuestionAnswer: { readonly answer: string } }
  | { readonly multipleChoiceAnswer: { readonly options: readonly number[] } }

export interface LeadFormResponse {
  readonly id: string
  readonly owner: Owner
  readonly submitter: string
  readonly leadType: LeadType
  readonly versionedLeadGenFormUrn: string
  readonly submittedAt: number
  readonly testLead: boolean
  readonly associatedEntity?: Readonly<Record<string, string>>
  readonly leadMetadata?: { readonly sponsoredLeadMetadata: { readonly campaign: string } }
  readonly formResponse: {
    readonly answers: readonly { readonly questionId: number; readonly answerDetails: AnswerDetails }[]
    readonly consentResponses: readonly { readonly consentId: number; readonly accepted: boolean }[]
  }
}

/** What the simulator knows about a form beyond LinkedIn's object: which lead type it collects. */
export interface SeededForm {
  readonly leadType: LeadType
  /** Every version, oldest first; GET /rest/leadForms/{id} returns the last. */
  readonly versions: readonly LeadForm[]
  readonly associatedEntity?: Readonly<Record<string, string>>
  readonly campaign?: string
}

export function versionedFormUrn(formId: number, versionId: number): string {
  return `urn:li:versionedLeadGenForm:(urn:li:leadGenForm:${formId},${versionId})`
}

export function ownerUrn(owner: Owner): string {
  return 'sponsoredAccount' in owner ? owner.sponsoredAccount : owner.organization
}
