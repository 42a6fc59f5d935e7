import { z } from 'zod'

/** LinkedIn's localized strings: `{ localized: { en_US: "…" } }`. */
const Localized = z.looseObject({ localized: z.record(z.string(), z.string()).default({}) })

const Question = z.looseObject({
  questionId: z.number(),
  name: z.string().optional(),
  question: Localized.optional(),
  // An open set: LinkedIn has not published the full enum (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead forms (predefinedField)).
  predefinedField: z.string().optional(),
  questionDetails: z
    .looseObject({
      textQuestionDetails: z.looseObject({}).optional(),
      multipleChoiceQuestionDetails: z
        .looseObject({ options: z.array(z.looseObject({ id: z.number(), text: Localized.optional() })).default([]) })
        .optional(),
    })
    .optional(),
})

export const LeadFormSchema = z.looseObject({
  id: z.number(),
  versionId: z.number().optional(),
  name: z.string().optional(),
  owner: z.record(z.string(), z.string()).optional(),
  state: z.string().optional(),
  creationLocale: z.looseObject({ country: z.string().optional(), language: z.string().optional() }).optional(),
  hiddenFields: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
  content: z.looseObject({
    questions: z.array(Question).default([]),
    legalInfo: z
      .looseObject({
        consents: z
          .array(
            z.looseObject({ id: z.number(), consent: Localized.optional(), checkRequired: z.boolean().optional() }),
          )
          .optional(),
      })
      .optional(),
  }),
})
export type LeadForm = z.infer<typeof LeadFormSchema>
export type LeadFormQuestion = z.infer<typeof Question>

const Answer = z.looseObject({
  questionId: z.number(),
  name: z.string().optional(),
  answerDetails: z.looseObject({
    textQuestionAnswer: z.looseObject({ answer: z.string() }).optional(),
    multipleChoiceAnswer: z.looseObject({ options: z.array(z.number()) }).optional(),
  }),
})

export const LeadFormResponseSchema = z.looseObject({
  id: z.string(),
  owner: z.record(z.string(), z.string()).optional(),
  submitter: z.string().optional(),
  leadType: z.string().optional(),
  versionedLeadGenFormUrn: z.string().optional(),
  submittedAt: z.number().optional(),
  testLead: z.boolean().optional(),
  associatedEntity: z.record(z.string(), z.unknown()).optional(),
  leadMetadata: z.record(z.string(), z.unknown()).optional(),
  formResponse: z.looseObject({
    answers: z.array(Answer).default([]),
    consentResponses: z.array(z.looseObject({ consentId: z.number(), accepted: z.boolean() })).default([]),
  }),
  /** Present when the `form:(…)` projection was asked for: the exact version answered. */
  form: LeadFormSchema.optional(),
})
export type LeadFormResponse = z.infer<typeof LeadFormResponseSchema>

export const PagingSchema = z.looseObject({
  start: z.number().default(0),
  count: z.number().default(10),
  total: z.number().optional(),
})

/** `urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)` → { formId: '7234246', version: 1 } */
export function parseVersionedFormUrn(urn: string | undefined | null): { formId: string; version: number } | null {
  const match = urn?.match(/^urn:li:versionedLeadGenForm:\(\s*urn:li:leadGenForm:(\d+)\s*,\s*(\d+)\s*\)$/)
  return match ? { formId: match[1] as string, version: Number(match[2]) } : null
}
