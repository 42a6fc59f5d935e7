import type { CountryCode } from 'libphonenumber-js'
import type { MappedAnswers } from './map-answers.js'
import {
  countryCode,
  normalizeCompanySize,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizeUsState,
  normalizeUsZip,
} from './normalize/index.js'

/** The lead's fields as the API documents them (camelCase, stable). */
export interface LeadFields {
  firstName: string | null
  lastName: string | null
  email: string | null
  workEmail: string | null
  /** As typed. */
  phone: string | null
  phoneE164: string | null
  jobTitle: string | null
  seniority: string | null
  jobFunction: string | null
  company: string | null
  /** LinkedIn's band: 1, 2-10, 11-50, 51-200, 201-500, 501-1,000, 1,001-5,000, 5,001-10,000, 10,001+. */
  companySize: string | null
  industry: string | null
  city: string | null
  /** Two-letter code for US states; as typed elsewhere. */
  state: string | null
  /** Five digits for US ZIP codes; as typed elsewhere. */
  postalCode: string | null
  zipPlus4: string | null
  /** ISO 3166 code when recognised; as typed otherwise. */
  country: string | null
}

export interface NormalizedLead {
  readonly fields: LeadFields
  /** What could not be normalised, e.g. `email-invalid`; never the values themselves. */
  readonly warnings: readonly string[]
}

const text = (value: string | undefined) => {
  const trimmed = value?.replace(/\s+/g, ' ').trim()
  return trimmed ? trimmed : null
}

export function normalizeLead(answers: MappedAnswers, formCountry: string | undefined): NormalizedLead {
  const raw = answers.raw
  const warnings: string[] = []
  const country = countryCode(raw.country)
  const region: CountryCode | null = country ?? countryCode(formCountry)
  const email = normalizeEmail(raw.email)
  const workEmail = normalizeEmail(raw.workEmail)
  if (email && !email.valid) warnings.push('email-invalid')
  if (workEmail && !workEmail.valid) warnings.push('work-email-invalid')
  const phone = normalizePhone(raw.phone, region ?? 'US')
  if (phone && !phone.e164) warnings.push('phone-invalid')
  const us = (region ?? 'US') === 'US'
  const zip = us ? normalizeUsZip(raw.postalCode) : null
  if (us && raw.postalCode && !zip) warnings.push('zip-invalid')
  const state = us ? normalizeUsState(raw.state) : null
  if (us && raw.state && !state) warnings.push('state-unknown')
  const size = normalizeCompanySize(raw.companySize)
  if (raw.companySize && !size) warnings.push('company-size-unknown')

  return {
    fields: {
      firstName: normalizeName(raw.firstName),
      lastName: normalizeName(raw.lastName),
      email: email?.value ?? null,
      workEmail: workEmail?.value ?? null,
      phone: phone?.original ?? null,
      phoneE164: phone?.e164 ?? null,
      jobTitle: text(raw.jobTitle),
      seniority: text(raw.seniority),
      jobFunction: text(raw.jobFunction),
      company: text(raw.company),
      companySize: size?.band ?? text(raw.companySize),
      industry: text(raw.industry),
      city: normalizeName(raw.city),
      state: state ?? text(raw.state),
      postalCode: zip?.zip ?? text(raw.postalCode),
      zipPlus4: zip?.zipPlus4 ?? null,
      country: country ?? text(raw.country),
    },
    warnings,
  }
}

/** Lower-cased words a `q=` search matches: names, e-mails, company. */
export function searchText(fields: LeadFields): string {
  return [fields.firstName, fields.lastName, fields.email, fields.workEmail, fields.company]
    .filter(Boolean)
    .join(' ')
    .toLowerCase()
}
