/**
 * The folder rules `npm run lint` enforces on `src/`:
 * - only `store/` and `jobs/` write SQL (`selectFrom`, `insertInto`, `updateTable`, `deleteFrom`), the
 *   simulator's in-memory store aside;
 * - a file reaches another folder only through that folder's `index.ts`.
 * Exits 1 and prints one line per violation when either is broken.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface Violation {
  readonly file: string
  readonly line: number
  readonly rule: 'sql-outside-store' | 'import-past-index'
  readonly detail: string
}

const SQL = /\b(selectFrom|insertInto|updateTable|deleteFrom)\b/
const SQL_OWNERS = ['store', 'jobs']
/** The LinkedIn simulator keeps its fake data in memory and may name its own methods like these. */
const SQL_EXEMPT = /^simulator\/.*store.*\.ts$/
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) ? [path] : []
  })
}

/** The top-level folder under `root` a path is in; '' for files directly in `root`. */
function folderOf(root: string, path: string): string {
  const parts = relative(root, path).split(sep)
  return parts.length > 1 ? (parts[0] as string) : ''
}

export function findViolations(root: string): Violation[] {
  const violations: Violation[] = []
  for (const file of sourceFiles(root)) {
    const rel = relative(root, file).split(sep).join('/')
    const folder = folderOf(root, file)
    const lines = readFileSync(file, 'utf8').split('\n')
    lines.forEach((text, index) => {
      const sql = SQL.exec(text)
      if (sql && !SQL_OWNERS.includes(folder) && !SQL_EXEMPT.test(rel)) {
        violations.push({
          file: rel,
          line: index + 1,
          rule: 'sql-outside-store',
          detail: `${sql[1]} outside src/store and src/jobs`,
        })
      }
      for (const match of text.matchAll(SPECIFIER)) {
        const specifier = match[1] as string
        const target = resolve(dirname(file), specifier)
        if (relative(root, target).startsWith('..')) continue
        const targetFolder = folderOf(root, target)
        if (targetFolder === '' || targetFolder === folder) continue
        if (relative(join(root, targetFolder), target) === 'index.js') continue
        violations.push({
          file: rel,
          line: index + 1,
          rule: 'import-past-index',
          detail: `'${specifier}' reaches into ${targetFolder}/; import from ${targetFolder}/index.js`,
        })
      }
    })
  }
  return violations
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? 'src')
  const violations = findViolations(root)
  for (const v of violations)
    console.error(`${relative(process.cwd(), join(root, v.file))}:${v.line}  ${v.rule}  ${v.detail}`)
  if (violations.length > 0) {
    console.error(`\n${violations.length} boundary violation(s) in ${relative(process.cwd(), root) || '.'}`)
    process.exit(1)
  }
  console.log(`boundaries ok: SQL only in src/store and src/jobs; folders reached through their index.ts`)
}
