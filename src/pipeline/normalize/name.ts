/**
 * Trims and collapses white space. A name typed entirely in capitals or entirely in lower case is
 * title-cased; mixed case is the person's own spelling (McDonald, van der Berg) and is kept.
 */
export function normalizeName(input: string | undefined | null): string | null {
  if (input === undefined || input === null) return null
  const collapsed = input.normalize('NFC').replace(/\s+/g, ' ').trim()
  if (collapsed === '') return null
  const hasLetters = /\p{L}/u.test(collapsed)
  const uniform = collapsed === collapsed.toUpperCase() || collapsed === collapsed.toLowerCase()
  if (!hasLetters || !uniform) return collapsed
  return collapsed
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())
}
