import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutcomes } from '../src/outcomes/index.js'
import { createManualClock } from '../src/util/clock.js'
import { browserAvailable, launchBrowser, seriousViolations, signInAs } from './support/browser.js'
import { startWorld, type World } from './support/relay-with-simulator.js'
import { FIXTURE_OUTCOMES_CONFIG, FIXTURE_TEAM_YAML, seedReportFixture } from './support/report-fixture.js'

const ADMIN = { email: 'admin@example.com', password: 'admin password 123' }
const available = browserAvailable()

describe.skipIf(!available)('/reports in a browser', () => {
  let world: World
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    world = await startWorld({
      env: { LEADRELAY_ADMIN_EMAIL: ADMIN.email, LEADRELAY_ADMIN_PASSWORD: ADMIN.password },
      yaml: FIXTURE_TEAM_YAML,
    })
    const clock = createManualClock(0)
    const store = world.relay.store
    await seedReportFixture(store, clock, createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store, clock }))
    browser = await launchBrowser()
    page = await (await browser.newContext()).newPage()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await world?.close()
  })

  it('renders the charts and the rep leaderboard, with no serious accessibility problems', async () => {
    await signInAs(page, world.relayUrl, ADMIN.email, ADMIN.password, '/reports?from=2026-11-23&to=2026-12-01')
    expect(new URL(page.url()).pathname).toBe('/reports')
    for (const chart of ['sla', 'ack-by-group', 'funnel', 'heatmap']) {
      const svg = page.locator(`svg[data-chart="${chart}"]`)
      expect(await svg.isVisible()).toBe(true)
      expect((await svg.boundingBox())?.height ?? 0).toBeGreaterThan(40)
    }
    // The SLA chart draws one bar per band, from the data.
    expect(await page.locator('svg[data-chart="sla"] rect').count()).toBe(5)
    const leaderboard = page.getByRole('table', { name: 'Rep leaderboard' })
    const reps = await leaderboard.locator('tbody th[scope="row"]').allTextContents()
    expect(reps).toEqual(['Bob Brown', 'Ann Archer', 'Unassigned'])
    expect(await page.getByRole('link', { name: 'Conversion CSV' }).getAttribute('href')).toMatch(
      /^\/reports\/conversion\.csv\?/,
    )
    expect(await seriousViolations(page)).toEqual([])
  })

  it('downloads the speed-to-lead CSV the page links to, in the signed-in session', async () => {
    const href = (await page.getByRole('link', { name: 'Speed-to-lead CSV' }).getAttribute('href')) as string
    const response = await page.request.get(`${world.relayUrl}${href}`)
    expect(response.status()).toBe(200)
    const lines = (await response.text()).split('\r\n')
    expect(lines[0]).toMatch(/^key,label,leads,toAlert\.count,/)
    expect(lines[1]).toMatch(/^total,All leads,6,/)
  })
})
