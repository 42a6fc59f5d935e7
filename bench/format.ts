/** Plain-text table helpers shared by the bench's phases. */
export const fmt = (value: number, digits = 2) => value.toFixed(digits)

const pad = (cells: readonly string[], widths: readonly number[]) =>
  cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ')

/** First column left-aligned, the others right-aligned, two spaces of indent. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)))
  return [pad(header, widths), ...rows.map((row) => pad(row, widths))].map((line) => `  ${line}`).join('\n')
}
