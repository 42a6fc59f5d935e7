import { z } from 'zod'

/** LinkedIn's conversion rule types (Conversions API schema, `type`); a subset the simulator accepts. */
export const CONVERSION_TYPES = [
  'ADD_TO_CART',
  'APPOINTMENT_SCHEDULED',
  'BOOK_APPOINTMENT',
  'COMPANY_PAGE_VISIT',
  'CONTACT',
  'DOWNLOAD',
  'INSTALL',
  'KEY_PAGE_VIEW',
  'LEAD',
  'MARKETING_QUALIFIED_LEAD',
  'OTHER',
  'PURCHASE',
  'QUALIFIED_LEAD',
  'REQUEST_DEMO',
  'SALES_QUALIFIED_LEAD',
  'SIGN_UP',
  'START_CHECKOUT',
  'SUBMIT_APPLICATION',
] as const

export const RuleBody = z.object({
  name: z.string().min(1).max(255),
  account: z.string().regex(/^urn:li:sponsoredAccount:\d+$/),
  // Streaming conversions need CONVERSIONS_API: the only method this resource accepts for them.
  conversionMethod: z.literal('CONVERSIONS_API'),
  type: z.enum(CONVERSION_TYPES),
  enabled: z.boolean().default(true),
  attributionType: z.enum(['LAST_TOUCH_BY_CAMPAIGN', 'LAST_TOUCH_BY_CONVERSION']).default('LAST_TOUCH_BY_CAMPAIGN'),
  postClickAttributionWindowSize: z
    .union([z.literal(1), z.literal(7), z.literal(30), z.literal(90), z.literal(365)])
    .default(30),
  viewThroughAttributionWindowSize: z
    .union([z.literal(1), z.literal(7), z.literal(30), z.literal(90), z.literal(365)])
    .default(7),
})

export const ConversionEvent = z.object({
  conversion: z
    .string()
    .regex(/^urn:lla:llaPartnerConversion:\d+$/, { error: 'must be urn:lla:llaPartnerConversion:{id}' }),
  // Epoch milliseconds: ten digits (seconds) are the classic mistake, and land in 1970.
  conversionHappenedAt: z.number().int(),
  conversionValue: z
    .object({ currencyCode: z.string().regex(/^[A-Z]{3}$/), amount: z.string().regex(/^\d+(\.\d+)?$/) })
    .optional(),
  eventId: z.string().min(1).max(255).optional(),
  user: z.object({
    // Required even when matching on userInfo alone (then an empty list).
    userIds: z.array(
      z.object({
        idType: z.enum(['SHA256_EMAIL', 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', 'ACXIOM_ID', 'ORACLE_MOAT_ID']),
        idValue: z.string().min(1),
      }),
    ),
    userInfo: z
      .object({
        firstName: z.string().min(1),
        lastName: z.string().min(1),
        title: z.string().optional(),
        companyName: z.string().optional(),
        countryCode: z
          .string()
          .regex(/^[A-Z]{2}$/)
          .optional(),
      })
      .optional(),
  }),
})
export type ConversionEvent = z.infer<typeof ConversionEvent>

const NINETY_DAYS_MS = 90 * 86_400_000

/** Conversion rules and the events streamed to them, deduplicated by (rule, eventId) as LinkedIn does. */
export function createConversions(firstId: number) {
  let nextId = firstId
  const rules = new Map<number, z.infer<typeof RuleBody> & { id: number; created: number }>()
  const accepted: ConversionEvent[] = []
  const received: ConversionEvent[] = []
  const seen = new Set<string>()
  return {
    rules,
    /** Events LinkedIn counts: one per (conversion, eventId). */
    events: accepted as readonly ConversionEvent[],
    /** Every event that reached the endpoint, duplicates included. */
    received: received as readonly ConversionEvent[],
    createRule(body: z.infer<typeof RuleBody>, now: number) {
      const rule = { ...body, id: nextId++, created: now }
      rules.set(rule.id, rule)
      return rule
    },
    /** Why LinkedIn would refuse the event, or undefined when it takes it. */
    problem(event: ConversionEvent, now: number): string | undefined {
      const id = Number(event.conversion.split(':').at(-1))
      const rule = rules.get(id)
      if (!rule) return `conversion ${event.conversion} does not exist`
      if (!rule.enabled) return `conversion ${event.conversion} is disabled`
      if (event.conversionHappenedAt > now + 60_000) return 'conversionHappenedAt is in the future'
      if (event.conversionHappenedAt < now - NINETY_DAYS_MS)
        return 'conversionHappenedAt is more than 90 days ago (or is in seconds, not milliseconds)'
      if (event.user.userIds.length === 0 && !event.user.userInfo) return 'user needs userIds or userInfo'
      return undefined
    },
    record(event: ConversionEvent) {
      received.push(event)
      const key = event.eventId ? `${event.conversion}|${event.eventId}` : undefined
      if (key && seen.has(key)) return
      if (key) seen.add(key)
      accepted.push(event)
    },
  }
}
export type Conversions = ReturnType<typeof createConversions>
