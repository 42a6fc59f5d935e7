import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../support/child-process.js'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Whether dist/ (the compiled CLI `npm ci` and `npm run build` make) is newer than every source file, so
 * a suite that restarts LeadRelay many times can run it instead of paying tsx's start-up each time.
 */
export function compiledCliIsFresh(): boolean {
  try {
    return statSync(join(REPO_ROOT, 'dist', 'main.js')).mtimeMs >= newestMtime(join(REPO_ROOT, 'src'))
  } catch {
    return false
  }
}
