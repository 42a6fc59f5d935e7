type Cell = string | number | boolean | null | undefined

/** Nested objects become dotted columns: `toAck.p50Ms`, `slaBands.0-5m`. Arrays are not expected here. */
export function flatten(
  value: Record<string, unknown>,
  prefix = '',
  out: Record<string, Cell> = {},
): Record<string, Cell> {
  for (const [name, inner] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${name}` : name
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      flatten(inner as Record<string, unknown>, column, out)
    else out[column] = inner as Cell
  }
  return out
}

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/

/** Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** RFC 4180 CSV of flat rows; the columns are the union of every row's, in first-seen order. */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  const flat = rows.map((row) => flatten(row))
  const columns: string[] = []
  const seen = new Set<string>()
  for (const row of flat)
    for (const column of Object.keys(row))
      if (!seen.has(column)) {
        seen.add(column)
        columns.push(column)
      }
  const lines = [columns.map(csvCell).join(','), ...flat.map((row) => columns.map((c) => csvCell(row[c])).join(','))]
  return `${lines.join('\r\n')}\r\n`
}
