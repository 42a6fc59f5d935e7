import type { FieldName, Priority } from './rules-schema.js'

/** The lead fields routing reads; `LeadFields` from the pipeline fits this shape. */
export interface LeadFieldValues {
  readonly firstName?: string | null
  readonly lastName?: string | null
  readonly email?: string | null
  readonly workEmail?: string | null
  readonly phone?: string | null
  readonly jobTitle?: string | null
  readonly seniority?: string | null
  readonly jobFunction?: string | null
  readonly company?: string | null
  /** LinkedIn's band, e.g. `51-200` or `10,001+`. */
  readonly companySize?: string | null
  readonly industry?: string | null
  readonly city?: string | null
  readonly state?: string | null
  readonly postalCode?: string | null
  readonly country?: string | null
}

type TextField = keyof LeadFieldValues

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'workEmail',
  'phone',
  'jobTitle',
  'seniority',
  'jobFunction',
  'company',
  'companySize',
  'industry',
  'city',
  'state',
  'postalCode',
  'country',
] as const satisfies readonly TextField[]

/** What the lead came with, beyond its answers. */
export interface LeadMeta {
  readonly leadType?: string | null
  readonly formId?: string | null
  readonly formName?: string | null
  readonly test?: boolean
  /**
   * The fields the form asked for. Completeness is the share of these the lead filled in; without it,
   * the share of all the fields above, counting email and workEmail as one.
   */
  readonly askedFields?: readonly TextField[]
}

/** The flat record conditions read. Text is as normalised by the pipeline; comparisons ignore case. */
export type LeadFacts = { readonly [K in TextField]: string | null } & {
  /** Lower end of the company-size band: 51 for `51-200`, 10001 for `10,001+`. */
  readonly companySizeMin: number | null
  /** From workEmail, else email, lower-cased. */
  readonly emailDomain: string | null
  readonly leadType: string | null
  readonly formId: string | null
  readonly formName: string | null
  readonly test: boolean
  /** 0..1 */
  readonly completeness: number
  /** Null until the lead is scored; see `withScore`. */
  readonly score: number | null
  readonly priority: Priority | null
}

// Type-level check that every condition field is a fact, so `facts[field]` needs no cast.
type MissingFacts = Exclude<FieldName, keyof LeadFacts>
const everyFieldIsAFact: [MissingFacts] extends [never] ? true : MissingFacts = true
void everyFieldIsAFact

const present = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim()
  return trimmed ? trimmed : null
}

/** `51-200` → 51, `10,001+` → 10001, `1` → 1; null when there is no number. */
export function companySizeMin(band: string | null | undefined): number | null {
  const match = band?.replace(/(\d),(?=\d{3})/g, '$1').match(/\d+/)
  return match ? Number(match[0]) : null
}

function emailDomain(address: string | null): string | null {
  const at = address?.lastIndexOf('@') ?? -1
  if (!address || at < 0) return null
  return present(address.slice(at + 1).toLowerCase())
}

function completeness(text: Record<TextField, string | null>, asked: readonly TextField[] | undefined): number {
  if (asked && asked.length > 0) return asked.filter((field) => text[field] !== null).length / asked.length
  const considered = TEXT_FIELDS.filter((field) => field !== 'workEmail')
  const filled = considered.filter((field) =>
    field === 'email' ? text.email !== null || text.workEmail !== null : text[field] !== null,
  )
  return filled.length / considered.length
}

export function leadFacts(fields: LeadFieldValues, meta: LeadMeta = {}): LeadFacts {
  const text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, present(fields[field])])) as Record<
    TextField,
    string | null
  >
  return {
    ...text,
    companySizeMin: companySizeMin(text.companySize),
    emailDomain: emailDomain(text.workEmail ?? text.email),
    leadType: present(meta.leadType),
    formId: present(meta.formId),
    formName: present(meta.formName),
    test: meta.test ?? false,
    completeness: completeness(text, meta.askedFields),
    score: null,
    priority: null,
  }
}

/** The facts routing reads once the lead is scored, so routing rules can use `score` and `priority`. */
export function withScore(facts: LeadFacts, scored: { score: number; priority: Priority }): LeadFacts {
  return { ...facts, score: scored.score, priority: scored.priority }
}
