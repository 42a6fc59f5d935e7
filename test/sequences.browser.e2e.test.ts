import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchBrowser, seriousViolations, signInAs } from './support/browser.js'
import { dovecotAvailable } from './support/dovecot.js'
import type { ReceivedMail } from './support/fakes/smtp.js'
import { OWNER_ADDRESS, type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

const ADMIN = { email: 'admin@example.com', password: 'admin password 123' }
const available = browserAvailable() && dovecotAvailable()

describe.skipIf(!available)('inbox and sequences pages in a browser', () => {
  let w: SequenceWorld
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    w = await startSequenceWorld({
      imap: true,
      steps: `
      - { id: intro, type: email, subject: "Your demo request", body: "Hi {{ lead.firstName }}" }
      - { id: pause, type: wait, wait: 600 }
      - { id: nudge, type: email, body: "Any time for a call?" }`,
      env: { LEADRELAY_ADMIN_EMAIL: ADMIN.email, LEADRELAY_ADMIN_PASSWORD: ADMIN.password },
    })
    browser = await launchBrowser()
    page = await (await browser.newContext()).newPage()
    await signInAs(page, w.world.relayUrl, ADMIN.email, ADMIN.password)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await w?.close()
  })

  it('shows a reply in the Inbox with its lead, and the sequence stopped on the lead’s sequence page', async () => {
    const leadId = await w.hotLead('dana@prospect.test')
    await expect.poll(() => w.smtp.messages.length, { timeout: 15_000 }).toBe(1)
    const sent = w.smtp.messages[0] as ReceivedMail
    await w.imap?.append(
      OWNER_ADDRESS,
      [
        'From: Dana Reyes <dana@prospect.test>',
        `To: ${OWNER_ADDRESS}`,
        'Subject: Re: Your demo request',
        'Message-ID: <browser-reply@prospect.test>',
        `In-Reply-To: ${sent.header('message-id')}`,
        '',
        'Thursday at 2 works for me.',
        '',
      ].join('\r\n'),
    )
    await expect.poll(async () => (await w.sequence(leadId)).state, { timeout: 15_000 }).toBe('stopped')

    await page.goto(`${w.world.relayUrl}/inbox`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Inbox')
    const row = page.getByRole('row', { name: /Dana Reyes/ })
    expect(await row.textContent()).toContain('Thursday at 2 works for me.')
    expect(await row.textContent()).toContain('Ann West')
    expect(await seriousViolations(page)).toEqual([])

    await row.getByRole('link', { name: 'Dana Reyes' }).click()
    expect(new URL(page.url()).pathname).toBe(`/leads/${leadId}/sequence`)
    expect(await page.getByLabel('Sequence state').textContent()).toContain('hot-follow-up: stopped (replied)')
    expect(await page.getByRole('row', { name: /nudge/ }).textContent()).toContain('skipped')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Sequences' }).click()
    const counts = page.getByRole('row', { name: /hot-follow-up/ })
    expect((await counts.textContent())?.replace(/\s+/g, ' ')).toContain('100 %')
    expect(await seriousViolations(page)).toEqual([])
  })

  it('stops a sequence from the lead’s sequence page', async () => {
    const leadId = await w.hotLead('lee@prospect.test', { FIRST_NAME: 'Lee', LAST_NAME: 'Park' })
    await expect.poll(async () => (await w.sequence(leadId)).steps[0]?.state, { timeout: 15_000 }).toBe('sent')
    await page.goto(`${w.world.relayUrl}/leads/${leadId}/sequence`)
    expect(await page.getByLabel('Sequence state').textContent()).toContain('Next step: pause')
    await page.getByRole('button', { name: 'Stop sequence' }).click()
    await page.waitForURL(`**/leads/${leadId}/sequence`)
    expect(await page.getByLabel('Sequence state').textContent()).toContain('stopped (manual)')
    expect((await w.sequence(leadId)).stopReason).toBe('manual')
  })
})
