import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchBrowser, seriousViolations, signInAs } from './support/browser.js'
import { startWorld, type World } from './support/relay-with-simulator.js'

const ADMIN = { email: 'admin@example.com', password: 'admin password 123' }
const available = browserAvailable()

describe.skipIf(!available)('dashboard in a browser', () => {
  let world: World
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    world = await startWorld({ env: { LEADRELAY_ADMIN_EMAIL: ADMIN.email, LEADRELAY_ADMIN_PASSWORD: ADMIN.password } })
    browser = await launchBrowser()
    page = await (await browser.newContext()).newPage()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await world?.close()
  })

  it('signs in and lands on Leads, with no serious accessibility problems', async () => {
    await signInAs(page, world.relayUrl, ADMIN.email, ADMIN.password)
    expect(new URL(page.url()).pathname).toBe('/leads')
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Leads')
    expect(await seriousViolations(page)).toEqual([])
  })
})
