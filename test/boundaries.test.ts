import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findViolations } from '../scripts/check-boundaries.js'
import { REPO_ROOT } from './support/child-process.js'

const planted = mkdtempSync(join(tmpdir(), 'leadrelay-boundaries-'))
afterAll(() => rmSync(planted, { recursive: true, force: true }))

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(join(planted, 'src-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

describe('folder boundaries (npm run lint)', () => {
  it('finds none in src/', () => {
    expect(findViolations(join(REPO_ROOT, 'src'))).toEqual([])
  })

  it('flags a query written outside store/ and jobs/', () => {
    const root = plant({
      'pipeline/sneaky.ts': "export const q = (db: any) => db.updateTable('leads').set({ score: 1 })\n",
      'store/fine.ts': "export const q = (db: any) => db.selectFrom('leads')\n",
      'jobs/fine.ts': "export const q = (db: any) => db.insertInto('jobs')\n",
    })
    expect(findViolations(root)).toEqual([
      {
        file: 'pipeline/sneaky.ts',
        line: 1,
        rule: 'sql-outside-store',
        detail: 'updateTable outside src/store and src/jobs',
      },
    ])
  })

  it("flags an import that reaches past another folder's index.ts, and allows the index and its own folder", () => {
    const root = plant({
      'store/index.ts': "export * from './leads.js'\n",
      'store/leads.ts': 'export const x = 1\n',
      'pipeline/a.ts': "import { x } from '../store/leads.js'\nimport { y } from './b.js'\nexport const z = x + y\n",
      'pipeline/b.ts': "import { x } from '../store/index.js'\nexport const y = x\n",
      'app.ts': "export { z } from './pipeline/a.js'\n",
    })
    expect(findViolations(root).map((v) => `${v.file}:${v.line} ${v.rule}`)).toEqual([
      'app.ts:1 import-past-index',
      'pipeline/a.ts:1 import-past-index',
    ])
  })
})
