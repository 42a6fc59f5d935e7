import { type CountryCode, getCountries, parsePhoneNumberFromString } from 'libphonenumber-js'

export interface NormalizedPhone {
  /** What the person typed, trimmed. */
  readonly original: string
  /** +15551234567, or null when the number is not valid for any region we could infer. */
  readonly e164: string | null
  readonly country: CountryCode | null
}

/**
 * Parses a phone number typed in any format. Numbers without a country code are read in
 * `defaultRegion` (from the form's locale or the lead's country answer).
 */
export function normalizePhone(
  input: string | undefined | null,
  defaultRegion: CountryCode | null,
): NormalizedPhone | null {
  if (input === undefined || input === null) return null
  const original = input.trim()
  if (original === '') return null
  // "00" is the international prefix in most of the world; "011" in North America.
  const international = original.replace(/^\s*(00|011)\s*/, '+')
  const parsed = parsePhoneNumberFromString(international, defaultRegion ?? undefined)
  if (!parsed?.isValid()) return { original, e164: null, country: null }
  return { original, e164: parsed.number, country: parsed.country ?? null }
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' })
const COUNTRY_BY_NAME = new Map<string, CountryCode>()
for (const code of getCountries()) {
  COUNTRY_BY_NAME.set(code.toLowerCase(), code)
  const name = regionNames.of(code)
  if (name) COUNTRY_BY_NAME.set(name.toLowerCase(), code)
}
for (const [alias, code] of [
  ['usa', 'US'],
  ['u.s.', 'US'],
  ['u.s.a.', 'US'],
  ['united states of america', 'US'],
  ['america', 'US'],
  ['uk', 'GB'],
  ['great britain', 'GB'],
  ['england', 'GB'],
] as const) {
  COUNTRY_BY_NAME.set(alias, code)
}

/** "United States", "usa", "US" → "US"; null when unknown. */
export function countryCode(input: string | undefined | null): CountryCode | null {
  if (!input) return null
  return COUNTRY_BY_NAME.get(input.trim().toLowerCase()) ?? null
}
