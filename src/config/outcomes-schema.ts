import { z } from 'zod'
/** What became of a lead, in the order a sale moves (outcomes/ gives them meaning; the schema needs the names). */
export const OUTCOME_STAGES = ['contacted', 'qualified', 'disqualified', 'won', 'lost'] as const

/** The reasons a rep can give for `disqualified` when the configuration lists none. */
export const DEFAULT_DISQUALIFY_REASONS = [
  'not-a-fit',
  'no-budget',
  'no-authority',
  'no-need',
  'bad-timing',
  'competitor',
  'student-or-job-seeker',
  'spam',
  'duplicate',
] as const

const reason = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'reasons are lower-case words joined by "-", e.g. no-budget' })
const crmValue = z.string().min(1)
const stage = z.enum(OUTCOME_STAGES)

/** Outcomes: disqualification reasons and how CRM values read back as stages. */
export const OutcomesSchema = z
  .strictObject({
    disqualifyReasons: z
      .array(reason)
      .min(1)
      .default([...DEFAULT_DISQUALIFY_REASONS]),
    /** How often synced leads are read back from HubSpot and Salesforce; 0 turns it off. */
    crmPollMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(15),
    /** The currency of a won Opportunity when Salesforce does not say one (single-currency orgs). */
    defaultCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: 'an ISO 4217 code such as USD' })
      .default('USD'),
    /** HubSpot `hs_lead_status` / `lifecyclestage` value → stage; merged over the defaults. */
    hubspot: z
      .strictObject({
        leadStatus: z.record(crmValue, stage).default({}),
        lifecycleStage: z.record(crmValue, stage).default({}),
      })
      .default({ leadStatus: {}, lifecycleStage: {} }),
    /** Salesforce Lead `Status` and Opportunity `StageName` → stage; merged over the defaults. */
    salesforce: z
      .strictObject({
        leadStatus: z.record(crmValue, stage).default({}),
        opportunityStage: z.record(crmValue, stage).default({}),
      })
      .default({ leadStatus: {}, opportunityStage: {} }),
  })
  .default({
    disqualifyReasons: [...DEFAULT_DISQUALIFY_REASONS],
    crmPollMinutes: 15,
    defaultCurrency: 'USD',
    hubspot: { leadStatus: {}, lifecycleStage: {} },
    salesforce: { leadStatus: {}, opportunityStage: {} },
  })

const conversionUrn = z.string().regex(/^urn:lla:llaPartnerConversion:\d+$/, {
  error: 'must be a conversion rule URN: urn:lla:llaPartnerConversion:123',
})

/** Outcome stage → LinkedIn conversion rule; a stage listed here is sent to the Conversions API. */
export const ConversionsSchema = z
  .strictObject({
    contacted: conversionUrn.optional(),
    qualified: conversionUrn.optional(),
    disqualified: conversionUrn.optional(),
    won: conversionUrn.optional(),
    lost: conversionUrn.optional(),
  })
  .default({})
