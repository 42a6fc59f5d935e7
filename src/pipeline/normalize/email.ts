// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is not knowable offline.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+\.[a-z]{2,}$/

export interface NormalizedEmail {
  readonly value: string
  readonly valid: boolean
}

/** Lower-cased, trimmed, `mailto:` and surrounding brackets removed; `valid` says if it looks like an address. */
export function normalizeEmail(input: string | undefined | null): NormalizedEmail | null {
  if (input === undefined || input === null) return null
  const value = input
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .toLowerCase()
  if (value === '') return null
  return { value, valid: EMAIL.test(value) && !value.includes('..') }
}
