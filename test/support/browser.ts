import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, chromium, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * True when Debian's Chromium is here. In CI its absence is a failure, never a silent skip:
 * `.ci/run` installs it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${CHROMIUM} is missing: the browser suites must run in CI`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
}

/** Signs in through the real form, the way a person does, and waits for the page it lands on. */
export async function signInAs(page: Page, baseUrl: string, email: string, password: string, next = '/leads') {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/login'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
}

/** The axe-core violations a person would hit hardest (serious or critical), as readable lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Writes docs/<name>.png when LEADRELAY_SCREENSHOTS=1 (`npm run screenshots`); otherwise does nothing. */
export async function screenshot(page: Page, name: string) {
  if (process.env.LEADRELAY_SCREENSHOTS !== '1') return
  const dir = join(process.cwd(), 'docs', 'screenshots')
  mkdirSync(dir, { recursive: true })
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
}
