import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/index.js'
import { startWebhookReceiver } from './support/fakes/webhook-receiver.js'
import { formNamed, startWorld, type World } from './support/relay-with-simulator.js'
import { signIn } from './support/web-session.js'

const ADMIN = 'admin@leadrelay.example'
const PASSWORD = 'correct horse battery'
let world: World | undefined
let closeReceiver: (() => Promise<void>) | undefined
afterEach(async () => {
  await world?.close()
  await closeReceiver?.()
  world = undefined
  closeReceiver = undefined
})

/** Occurrences of each needle in the SQLite database file and its write-ahead log, as bytes on disk. */
function onDisk(databaseUrl: string, needles: readonly string[]): Record<string, number> {
  const file = databaseUrl.slice('sqlite:'.length)
  const bytes = [file, `${file}-wal`].filter(existsSync).map((path) => readFileSync(path))
  return Object.fromEntries(
    needles.map((needle) => {
      let n = 0
      for (const chunk of bytes) for (let at = chunk.indexOf(needle); at !== -1; at = chunk.indexOf(needle, at + 1)) n++
      return [needle, n]
    }),
  )
}

describe('ENCRYPT_PERSONAL_DATA=true', () => {
  it('keeps a processed lead encrypted on disk while the API, the dashboard and alerts see it plain', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`
    const receiver = await startWebhookReceiver({ secret })
    closeReceiver = receiver.close
    world = await startWorld({
      env: {
        ENCRYPT_PERSONAL_DATA: 'true',
        BACKFILL_DAYS: '0',
        ALERT_WEBHOOK_URL: receiver.url,
        ALERT_WEBHOOK_SECRET: secret,
        LEADRELAY_ADMIN_EMAIL: ADMIN,
        LEADRELAY_ADMIN_PASSWORD: PASSWORD,
      },
    })
    const w = world
    const email = 'Philomena.Cipherwright@Acme-Robotics.com'
    const { lead } = await w.simulator.submitLead({
      formId: formNamed(w.simulator, 'Request a demo'),
      answers: {
        FIRST_NAME: 'Philomena',
        LAST_NAME: 'Cipherwright',
        WORK_EMAIL: email,
        COMPANY_NAME: 'Acme Robotics',
        PHONE_NUMBER: '+1 415 555 0199',
      },
    })
    await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBeGreaterThan(0)

    const shown = await w.api<{ fields: Record<string, unknown> }>(`/api/leads/${lead.id}`)
    expect(shown.status).toBe(200)
    expect(shown.body.fields).toMatchObject({
      workEmail: email.toLowerCase(),
      lastName: 'Cipherwright',
      phoneE164: '+14155550199',
    })
    expect(receiver.deliveries[0]?.body).toContain('Cipherwright')

    const byEmail = await w.api<{ leads: { id: string }[] }>(`/api/leads?q=${encodeURIComponent(email)}`)
    expect(byEmail.body.leads.map((l) => l.id)).toEqual([lead.id])
    const byName = await w.api<{ error: string; message: string }>('/api/leads?q=Cipherwright')
    expect(byName.status).toBe(400)
    expect(byName.body).toMatchObject({ error: 'search-unavailable', message: expect.stringMatching(/exact e-mail/) })

    const app = w.relay.server!
    const session = await signIn(app, ADMIN, PASSWORD)
    const page = await app.inject({ url: '/leads', headers: { cookie: session.cookie } })
    expect(page.body).toContain('Philomena Cipherwright')
    expect(page.body).toMatch(/search by name or company is not available/)
    const refused = await app.inject({ url: '/leads?q=Acme', headers: { cookie: session.cookie } })
    expect(refused.body).toMatch(/role="alert"[^>]*>Not searched: .*exact e-mail/)

    const needles = [email, email.toLowerCase(), 'Cipherwright', 'cipherwright', '4155550199']
    expect(onDisk(w.databaseUrl, needles)).toEqual(Object.fromEntries(needles.map((n) => [n, 0])))

    // LinkedIn DELETED still purges everything: the ciphertext and the e-mail hash that finds it.
    await w.simulator.deleteLead(lead.id)
    const raw = () =>
      w.relay.store.db.withoutPlugins().selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirst()
    await expect.poll(async () => (await raw())?.status, { timeout: 15_000 }).toBe('deleted')
    expect(await raw()).toMatchObject({ fields: null, raw_response: null, search_text: null, email_hash: null })
    const after = await w.api<{ leads: unknown[] }>(`/api/leads?q=${encodeURIComponent(email)}`)
    expect(after.body.leads).toEqual([])
  })

  it('refuses to start without LEADRELAY_SECRET_KEY, saying what to set', () => {
    const loaded = loadConfig({ env: { ENCRYPT_PERSONAL_DATA: 'true' } })
    expect(loaded.ok).toBe(false)
    expect(JSON.stringify(loaded.ok ? {} : loaded.error)).toMatch(
      /ENCRYPT_PERSONAL_DATA.*needs LEADRELAY_SECRET_KEY.*openssl rand/,
    )
  })
})
