import { z } from 'zod'
import { cleanText, hasControlCharacters } from '../util/index.js'

export const LEAD_TYPES = ['SPONSORED', 'EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT'] as const
export type LeadType = (typeof LEAD_TYPES)[number]
export const LEAD_ACTIONS = ['CREATED', 'DELETED'] as const
export type LeadAction = (typeof LEAD_ACTIONS)[number]

const RESPONSE_URN = /^urn:li:leadGenFormResponse:([A-Za-z0-9][A-Za-z0-9_-]*)$/
// LinkedIn's own example prints a space after the comma, so whitespace is tolerated.
const VERSIONED_FORM_URN = /^urn:li:versionedLeadGenForm:\(\s*urn:li:leadGenForm:(\d+)\s*,\s*(\d+)\s*\)$/

// Free-text fields are stored as text columns: NUL (which PostgreSQL text refuses) and other control
// characters make the body quarantined rather than unstorable.
const printable = (value: string) => !hasControlCharacters(value)

const Owner = z.union([
  z.object({ sponsoredAccount: z.string().regex(/^urn:li:sponsoredAccount:\d+$/) }),
  z.object({ organization: z.string().regex(/^urn:li:organization:\d+$/) }),
])

/** Strict on what identifies and drives processing; lenient (passthrough) on everything else. */
const NotificationSchema = z.looseObject({
  type: z.literal('LEAD_ACTION'),
  leadGenFormResponse: z.string().regex(RESPONSE_URN, { error: 'must be urn:li:leadGenFormResponse:{id}' }),
  leadAction: z.enum(LEAD_ACTIONS),
  leadGenForm: z.string().refine(printable, { error: 'must not hold control characters' }).optional(),
  owner: Owner.optional(),
  associatedEntity: z.record(z.string(), z.unknown()).optional(),
  leadType: z.string().refine(printable, { error: 'must not hold control characters' }).optional(),
  occurredAt: z.number().finite().nonnegative().optional(),
})

export interface LeadNotification {
  readonly leadGenFormResponse: string
  /** The id `GET /rest/leadFormResponses/{id}` takes. */
  readonly responseId: string
  readonly leadAction: LeadAction
  readonly leadType: string | null
  readonly leadGenForm: string | null
  readonly formId: string | null
  readonly formVersion: number | null
  readonly owner: Readonly<Record<string, string>> | null
  readonly associatedEntity: Readonly<Record<string, unknown>> | null
  /** associatedEntity as stored (JSON text). */
  readonly associatedEntityJson: string | null
  /** Epoch milliseconds. */
  readonly occurredAt: number | null
}

export type ParsedNotification =
  | { readonly ok: true; readonly notification: LeadNotification }
  | { readonly ok: false; readonly reason: string }

export function parseNotification(rawBody: Buffer): ParsedNotification {
  let json: unknown
  try {
    json = JSON.parse(rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'body is not valid JSON' }
  }
  const parsed = NotificationSchema.safeParse(json)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.length ? cleanText(first.path.join('.')) : 'body'
    return { ok: false, reason: `${where}: ${first?.message ?? 'unexpected shape'}` }
  }
  const body = parsed.data
  let associatedEntity: string | null = null
  try {
    associatedEntity = body.associatedEntity ? JSON.stringify(body.associatedEntity) : null
  } catch {
    // JSON.parse accepts nesting that JSON.stringify cannot walk back (RangeError past ~10k levels).
    return { ok: false, reason: 'associatedEntity is nested too deeply' }
  }
  const form = body.leadGenForm?.match(VERSIONED_FORM_URN)
  return {
    ok: true,
    notification: {
      leadGenFormResponse: body.leadGenFormResponse,
      responseId: (body.leadGenFormResponse.match(RESPONSE_URN) as RegExpMatchArray)[1] as string,
      leadAction: body.leadAction,
      leadType: body.leadType ?? null,
      leadGenForm: body.leadGenForm ?? null,
      formId: form?.[1] ?? null,
      formVersion: form?.[2] ? Number(form[2]) : null,
      owner: body.owner ? (body.owner as Record<string, string>) : null,
      associatedEntity: body.associatedEntity ?? null,
      associatedEntityJson: associatedEntity,
      occurredAt: body.occurredAt === undefined ? null : toEpochMs(body.occurredAt),
    },
  }
}

/** LinkedIn documents milliseconds; one integration saw seconds. Anything before 2001 in ms is seconds. */
export function toEpochMs(value: number): number {
  return value < 1e12 ? Math.round(value * 1000) : Math.round(value)
}

export function responseUrn(responseId: string): string {
  return `urn:li:leadGenFormResponse:${responseId}`
}
