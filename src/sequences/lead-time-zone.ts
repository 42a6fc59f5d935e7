import { normalizeUsState } from '../pipeline/index.js'

// The zone most of each state's people live in; split states take their larger part.
const EASTERN = 'CT DE DC FL GA IN KY ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV'
const CENTRAL = 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'
const MOUNTAIN = 'CO ID MT NM UT WY'
const ZONES = new Map<string, string>([
  ...EASTERN.split(' ').map((s) => [s, 'America/New_York'] as const),
  ...CENTRAL.split(' ').map((s) => [s, 'America/Chicago'] as const),
  ...MOUNTAIN.split(' ').map((s) => [s, 'America/Denver'] as const),
  ['AZ', 'America/Phoenix'],
  ['CA', 'America/Los_Angeles'],
  ['NV', 'America/Los_Angeles'],
  ['OR', 'America/Los_Angeles'],
  ['WA', 'America/Los_Angeles'],
  ['AK', 'America/Anchorage'],
  ['HI', 'Pacific/Honolulu'],
  ['PR', 'America/Puerto_Rico'],
])

// ZIP code ranges by first three digits → state, coarse enough for a time zone.
const ZIP3: readonly (readonly [number, number, string])[] = [
  [5, 5, 'NY'],
  [6, 9, 'PR'],
  [10, 27, 'MA'],
  [28, 29, 'RI'],
  [30, 38, 'NH'],
  [39, 49, 'ME'],
  [50, 59, 'VT'],
  [60, 69, 'CT'],
  [70, 89, 'NJ'],
  [100, 149, 'NY'],
  [150, 196, 'PA'],
  [197, 199, 'DE'],
  [200, 205, 'DC'],
  [206, 219, 'MD'],
  [220, 246, 'VA'],
  [247, 268, 'WV'],
  [270, 289, 'NC'],
  [290, 299, 'SC'],
  [300, 319, 'GA'],
  [320, 349, 'FL'],
  [350, 369, 'AL'],
  [370, 385, 'TN'],
  [386, 397, 'MS'],
  [398, 399, 'GA'],
  [400, 427, 'KY'],
  [430, 459, 'OH'],
  [460, 479, 'IN'],
  [480, 499, 'MI'],
  [500, 528, 'IA'],
  [530, 549, 'WI'],
  [550, 567, 'MN'],
  [570, 577, 'SD'],
  [580, 588, 'ND'],
  [590, 599, 'MT'],
  [600, 629, 'IL'],
  [630, 658, 'MO'],
  [660, 679, 'KS'],
  [680, 693, 'NE'],
  [700, 714, 'LA'],
  [716, 729, 'AR'],
  [730, 749, 'OK'],
  [750, 799, 'TX'],
  [800, 816, 'CO'],
  [820, 831, 'WY'],
  [832, 838, 'ID'],
  [840, 847, 'UT'],
  [850, 865, 'AZ'],
  [870, 884, 'NM'],
  [889, 898, 'NV'],
  [900, 961, 'CA'],
  [967, 968, 'HI'],
  [970, 979, 'OR'],
  [980, 994, 'WA'],
  [995, 999, 'AK'],
]

/** The lead's own zone: from the US state, else the ZIP code, else `fallback` (the owner's zone). */
export function leadTimeZone(
  fields: { readonly state?: string | null; readonly postalCode?: string | null; readonly country?: string | null },
  fallback: string,
): string {
  const state = normalizeUsState(fields.state ?? null)
  if (state && ZONES.has(state)) return ZONES.get(state) as string
  const zip = /^(\d{5})(-\d{4})?$/.exec(fields.postalCode?.trim() ?? '')
  const country = fields.country?.trim().toUpperCase()
  if (zip && (!country || country === 'US' || country === 'USA' || country === 'UNITED STATES')) {
    const prefix = Number((zip[1] as string).slice(0, 3))
    const range = ZIP3.find(([from, to]) => prefix >= from && prefix <= to)
    if (range && ZONES.has(range[2])) return ZONES.get(range[2]) as string
  }
  return fallback
}
