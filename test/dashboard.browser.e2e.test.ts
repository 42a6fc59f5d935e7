import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueue } from '../src/jobs/index.js'
import { type DemoSinks, demoConfigYaml, startDemoSinks } from '../src/simulator/demo-sinks.js'
import { deliveriesRepository, leadsRepository, subscriptionsRepository } from '../src/store/index.js'
import { saveUser } from '../src/web/index.js'
import { browserAvailable, launchBrowser, screenshot, seriousViolations, signInAs } from './support/browser.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

const PASSWORD = 'demo password 123'
const ADMIN = 'admin@example.com'
const available = browserAvailable()
// Browser-side (tsconfig has no DOM library): how far the page is wider than the window.
const SIDEWAYS = 'document.documentElement.scrollWidth - document.documentElement.clientWidth'

async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await read()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe.skipIf(!available)('dashboard in a browser (demo data)', () => {
  let world: World
  let sinks: DemoSinks
  let browser: Browser
  let admin: BrowserContext
  let page: Page
  let leadId: string | undefined
  const db = () => world.relay.store.db

  async function open(path: string) {
    await page.goto(`${world.relayUrl}${path}`)
    expect(await seriousViolations(page), `axe on ${path}`).toEqual([])
    expect(Number(await page.evaluate(SIDEWAYS)), `${path} scrolls sideways`).toBeLessThanOrEqual(0)
  }

  beforeAll(async () => {
    sinks = await startDemoSinks(() => {})
    world = await startWorld({
      yaml: demoConfigYaml(sinks),
      env: {
        ...{ LEADRELAY_ADMIN_EMAIL: ADMIN, LEADRELAY_ADMIN_PASSWORD: PASSWORD, DISPLAY_TIME_ZONE: 'America/Chicago' },
        // Health subscribes through LeadRelay: no backfill, so the lead list stays the demo traffic.
        BACKFILL_DAYS: '0',
      },
    })
    for (const [email, name, role, memberId] of [
      ['manager@example.com', 'Morgan Lee', 'manager', undefined],
      ['ana@example.com', 'Ana Ortiz', 'rep', 'ana'],
    ] as const) {
      await saveUser(world.relay.store, undefined, { email, name, role, memberId, password: PASSWORD }, Date.now())
    }
    // Demo traffic: enough leads for every page to have something to show, and (every third CRM
    // delivery is rejected by the demo sink) a few dead letters.
    for (let i = 0; i < 9; i++) await world.simulator.submitLead()
    await eventually(async () => {
      const counts = await deliveriesRepository.countDeliveriesByState(db())
      return (counts.dead ?? 0) >= 2 && (counts.pending ?? 0) === 0 ? counts : undefined
    }, 'the demo leads to be delivered')
    browser = await launchBrowser()
    admin = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await admin.newPage()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await world?.close()
    await sinks?.stop()
  })

  it('signs in from the login page and comes back to the page asked for', async () => {
    await page.goto(`${world.relayUrl}/health`)
    expect(new URL(page.url()).pathname).toBe('/login')
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'login')
    await page.getByLabel('E-mail').fill(ADMIN)
    await page.getByLabel('Password').fill(PASSWORD)
    // The keyboard alone: Enter in the password field submits the form.
    await Promise.all([page.waitForURL(/\/health$/), page.getByLabel('Password').press('Enter')])
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Health')
  })

  it('shows a lead submitted through the simulator on Leads without a reload', async () => {
    await open('/leads')
    await screenshot(page, 'leads')
    // The page's event stream is open before the lead is submitted, so only a live update can show it.
    // tsconfig has no DOM library: browser-side code goes as strings.
    await page.waitForFunction("document.querySelector('[sse-connect]') !== null")
    const marker = await page.evaluate('window.marker = 42')
    const { lead } = await world.simulator.submitLead()
    await page.locator(`[id="lead-${lead.id}"]`).waitFor({ timeout: 20_000 })
    // Same document (no reload): the marker set before the lead was submitted is still there.
    expect(await page.evaluate('window.marker')).toBe(marker)
  })

  it("opens a lead's page with its routing explanation and timeline, and records an acknowledgement", async () => {
    const row = await eventually(
      async () =>
        (await leadsRepository.listLeads(db(), { status: 'enriched' }, { limit: 20 })).leads.find(
          (l) => l.owner_id && !l.acked_at,
        ),
      'a routed lead',
    )
    await open('/leads')
    await page.locator(`[id="lead-${row.id}"] a`).first().click()
    await page.waitForURL(new RegExp(`/leads/${row.id}$`))
    expect(await seriousViolations(page)).toEqual([])
    expect(Number(await page.evaluate(SIDEWAYS))).toBeLessThanOrEqual(0)
    const routing = await page.locator('section[aria-labelledby="h-routing"]').textContent()
    expect(routing).toMatch(/routed by rule "[^"]+"|fallback owner/)
    const timeline = await page.locator('ol.timeline').textContent()
    for (const step of ['received', 'fetched', 'routed', 'alert-delivered']) expect(timeline).toContain(step)
    expect(timeline).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} [AP]M C[SD]T/)

    await Promise.all([page.waitForURL(/done=acknowledged/), page.getByRole('button', { name: 'Acknowledge' }).click()])
    expect(await page.getByRole('status').first().textContent()).toContain('Acknowledged.')
    const stored = await leadsRepository.getLead(db(), row.id)
    expect(stored?.acked_by).toBe(ADMIN)
    expect((await leadsRepository.getTimeline(db(), row.id)).map((t) => t.kind)).toContain('acknowledged')
    expect(await page.locator('ol.timeline').textContent()).toContain(`by ${ADMIN} via dashboard`)
    leadId = row.id
  })

  it("records an outcome from the lead page's form with the keyboard, and the page shows it", async () => {
    expect(leadId).toBeDefined()
    await open(`/leads/${leadId}`)
    await page.getByLabel('Stage').selectOption('won')
    await page.getByLabel('Amount (won)').fill('12000')
    await page.getByLabel('Currency (won)').fill('USD')
    await page.getByRole('button', { name: 'Record outcome' }).focus()
    await Promise.all([page.waitForURL(/done=outcome$/), page.keyboard.press('Enter')])
    expect(await seriousViolations(page)).toEqual([])
    expect(await page.getByRole('status').first().textContent()).toContain('Outcome recorded.')
    const card = await page.locator('section[aria-labelledby="h-outcome"]').textContent()
    expect(card).toContain(`won (12000 USD), set by ${ADMIN}`)
    expect(await page.locator('ol.timeline').textContent()).toContain(`won (12000 USD) by ${ADMIN} via dashboard`)
    expect(await leadsRepository.getLead(db(), leadId as string)).toMatchObject({ outcome: 'won', won_amount: 12000 })
    await screenshot(page, 'lead')
  })

  it('replays a dead letter from Deliveries', async () => {
    await open('/deliveries')
    await screenshot(page, 'deliveries')
    const [dead] = await deliveriesRepository.listDeliveries(db(), { state: 'dead', limit: 1 })
    expect(dead).toBeDefined()
    const id = dead?.id as number
    const replayedAt = Date.now()
    await Promise.all([
      page.waitForURL(/done=replayed/),
      page.getByRole('button', { name: `Replay delivery ${id}` }).click(),
    ])
    // Sent again from its first attempt (the demo CRM may accept or reject it this time).
    const after = await eventually(async () => {
      const row = await deliveriesRepository.getDelivery(db(), id)
      return row && row.updated_at >= replayedAt && row.attempts >= 1 && row.state !== 'pending' ? row : undefined
    }, 'the replayed delivery to be attempted again')
    expect(['delivered', 'dead']).toContain(after.state)
  })

  it('shows Health, Rules and Events without serious accessibility problems', async () => {
    // A subscription made through LeadRelay, and a health check, so Health compares it with LinkedIn's list.
    const subscribed = await fetch(`${world.relayUrl}/api/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        owner: 'urn:li:sponsoredAccount:1234567',
        leadType: 'SPONSORED',
        webhook: `${world.relayUrl}/webhooks/linkedin`,
      }),
    })
    expect(subscribed.status).toBe(201)
    await enqueue(db(), 'health-check', { slot: 'browser-test' }, new Date(), { key: 'health-check:browser-test' })
    world.relay.store.notifyJobs()
    await eventually(async () => (await subscriptionsRepository.listSnapshots(db()))[0], 'a stored subscription list')
    for (const [path, name] of [
      ['/health', 'health'],
      ['/rules', 'rules'],
      ['/events', 'events'],
    ] as const) {
      await open(path)
      await screenshot(page, name)
    }
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(5)
  })

  it('is usable at 375 px wide: no page scrolls sideways, tables scroll inside their frame', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 800 },
      storageState: await admin.storageState(),
    })
    const small = await phone.newPage()
    for (const path of ['/leads', '/deliveries', '/health', '/rules', '/events']) {
      await small.goto(`${world.relayUrl}${path}`)
      const overflow = Number(await small.evaluate(SIDEWAYS))
      expect(overflow, path).toBeLessThanOrEqual(0)
      if (path === '/leads') await screenshot(small, 'leads-375px')
    }
    await phone.close()
  })

  it('shows a rep only their own leads and a manager all of them', async () => {
    const total = (await leadsRepository.listLeads(db(), {}, { limit: 50 })).leads
    const anas = (await leadsRepository.listLeads(db(), { ownerId: 'ana' }, { limit: 50 })).leads
    const others = total.filter((l) => l.owner_id !== 'ana')

    const repContext = await browser.newContext()
    const rep = await repContext.newPage()
    await signInAs(rep, world.relayUrl, 'ana@example.com', PASSWORD)
    expect(await seriousViolations(rep)).toEqual([])
    const repRows = await rep.locator('#lead-rows tr[id^="lead-"]').evaluateAll((rows) => rows.map((r) => r.id))
    expect(repRows).toEqual(anas.map((l) => `lead-${l.id}`))
    expect(await rep.getByRole('link', { name: 'Deliveries' }).count()).toBe(0)
    if (others[0]) {
      const response = await rep.goto(`${world.relayUrl}/leads/${others[0].id}`)
      expect(response?.status()).toBe(404)
    }
    expect((await rep.goto(`${world.relayUrl}/deliveries`))?.status()).toBe(403)
    await repContext.close()

    const managerContext = await browser.newContext()
    const manager = await managerContext.newPage()
    await signInAs(manager, world.relayUrl, 'manager@example.com', PASSWORD)
    const managerRows = await manager.locator('#lead-rows tr[id^="lead-"]').count()
    expect(managerRows).toBe(total.length)
    expect(others.length).toBeGreaterThan(0)
    await managerContext.close()
  })

  it('answers 403 to a POST without the CSRF token, and signing out ends the session', async () => {
    const forged = await page.request.post(`${world.relayUrl}/logout`, { form: {}, maxRedirects: 0 })
    expect(forged.status()).toBe(403)
    await page.goto(`${world.relayUrl}/leads`)
    await Promise.all([page.waitForURL(/\/login$/), page.getByRole('button', { name: 'Sign out' }).click()])
    await page.goto(`${world.relayUrl}/leads`)
    expect(new URL(page.url()).pathname).toBe('/login')
  })

  // Last: the failures it records block sign-ins from this address for a minute.
  it('answers 429 to the 11th wrong password in a minute', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) {
      await page.goto(`${world.relayUrl}/login`)
      await page.getByLabel('E-mail').fill('manager@example.com')
      await page.getByLabel('Password').fill('not the password')
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ])
      statuses.push(response.status())
      if (i === 10) expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0)
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429])
    expect(await page.getByRole('alert').textContent()).toContain('Too many failed sign-ins')
  })
})
