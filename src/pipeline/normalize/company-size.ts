/** LinkedIn's company-size bands (staff count ranges), smallest first. */
export const COMPANY_SIZE_BANDS = [
  { band: '1', min: 1, max: 1 },
  { band: '2-10', min: 2, max: 10 },
  { band: '11-50', min: 11, max: 50 },
  { band: '51-200', min: 51, max: 200 },
  { band: '201-500', min: 201, max: 500 },
  { band: '501-1,000', min: 501, max: 1000 },
  { band: '1,001-5,000', min: 1001, max: 5000 },
  { band: '5,001-10,000', min: 5001, max: 10_000 },
  { band: '10,001+', min: 10_001, max: null },
] as const

export type CompanySizeBand = (typeof COMPANY_SIZE_BANDS)[number]

/**
 * Maps "51-200", "51 - 200 employees", "201 to 500", "SIZE_11_TO_50", "1000+", "10,001+ employees",
 * "350", "Self-employed" to LinkedIn's band. A range that does not fall within one band is placed by
 * its lower end. Null when there is no number to go on.
 */
export function normalizeCompanySize(input: string | undefined | null): CompanySizeBand | null {
  if (!input) return null
  const text = input.trim().toLowerCase()
  if (/self[\s-]?employed|^just me$|^myself$/.test(text)) return COMPANY_SIZE_BANDS[0]
  const numbers = [...text.replace(/(\d),(\d{3})/g, '$1$2').matchAll(/\d+(?:\.\d+)?\s*k?/g)].map((m) => {
    const raw = m[0].trim()
    return raw.endsWith('k') ? Number.parseFloat(raw) * 1000 : Number.parseFloat(raw)
  })
  const low = numbers[0]
  if (low === undefined || !Number.isFinite(low) || low < 1) return null
  return COMPANY_SIZE_BANDS.find((b) => low >= b.min && (b.max === null || low <= b.max)) ?? null
}
