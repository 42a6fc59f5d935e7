import { escapeForTerminal } from '../util/index.js'

/**
 * A plain-text table with a header row; columns as wide as their widest cell. Cells are escaped: a lead's
 * name must not move the cursor, erase lines or draw a hyperlink on the operator's terminal.
 */
export function formatTable(headers: readonly string[], given: readonly (readonly string[])[]): string {
  const rows = given.map((row) => row.map(escapeForTerminal))
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(headers), ...rows.map(line)].join('\n') + '\n'
}
