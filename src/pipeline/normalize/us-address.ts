const STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'U.S. Virgin Islands',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
}

const BY_NAME = new Map<string, string>()
for (const [code, name] of Object.entries(STATES)) {
  BY_NAME.set(code.toLowerCase(), code)
  BY_NAME.set(name.toLowerCase(), code)
  BY_NAME.set(name.toLowerCase().replace(/\./g, ''), code)
}
for (const [alias, code] of [
  ['washington dc', 'DC'],
  ['washington d.c.', 'DC'],
  ['d.c.', 'DC'],
  ['virgin islands', 'VI'],
] as const) {
  BY_NAME.set(alias, code)
}

/** "california", "CA", " Calif " (not guessed: null), "N.Y." → two-letter USPS code, or null. */
export function normalizeUsState(input: string | undefined | null): string | null {
  if (!input) return null
  const key = input.trim().toLowerCase().replace(/\s+/g, ' ')
  return BY_NAME.get(key) ?? BY_NAME.get(key.replace(/\./g, '')) ?? null
}

export interface NormalizedZip {
  /** Five digits. */
  readonly zip: string
  /** 12345-6789 when the four extra digits were given. */
  readonly zipPlus4: string | null
}

/**
 * US ZIP codes: "02134", "02134-1234", "021341234", and "2134" (a spreadsheet dropped the leading
 * zero: New England and New Jersey ZIPs start with 0). Anything else is not a US ZIP: null.
 */
export function normalizeUsZip(input: string | undefined | null): NormalizedZip | null {
  if (!input) return null
  const compact = input.trim().replace(/\s+/g, '')
  const match = compact.match(/^(\d{3,5})(?:-?(\d{4}))?$/)
  if (!match) return null
  const [, five, four] = match as unknown as [string, string, string | undefined]
  if (five.length === 3 && four === undefined) return null
  const zip = five.padStart(5, '0')
  return { zip, zipPlus4: four ? `${zip}-${four}` : null }
}
