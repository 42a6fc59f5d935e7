import { afterEach, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import type { NewLeadRow } from './database.js'
import * as leads from './leads-repository.js'
import { sealPlaintextPersonalData } from './seal-personal-data.js'
import * as sequences from './sequences-repository.js'
import type { Store } from './store.js'

const KEY = 'personal-data-test-key-0123456789'
const ON = { secretKey: KEY, encryptPersonalData: true }
const EMAIL = 'Ada.Lovelace@Analytical-Engines.example'
const PHONE = '+14155550123'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function leadRow(id: string, at: number): NewLeadRow {
  return {
    id,
    urn: `urn:li:leadGenFormResponse:${id}`,
    status: 'received',
    received_at: at,
    source: 'webhook',
    test: 0,
    created_at: at,
    updated_at: at,
  }
}

function enrichment(email = EMAIL): leads.LeadEnrichment {
  const fields = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    workEmail: email,
    phoneE164: PHONE,
    company: 'Analytical Engines',
    jobTitle: 'Countess',
  }
  return {
    lead_type: 'SPONSORED',
    form_id: '1',
    form_version: 1,
    owner: null,
    submitted_at: 1,
    test: 0,
    fields: JSON.stringify(fields),
    custom_answers: JSON.stringify([{ question: 'Budget?', answer: 'Lovelace budget' }]),
    consents: '[]',
    hidden_fields: '{}',
    raw_response: JSON.stringify({ answers: fields }),
    search_text: `ada lovelace ${email.toLowerCase()} analytical engines`,
    fetched_at: 1,
  }
}

/** The lead's row as stored, bypassing the decrypting plugin. */
async function rawLead(store: Store, id: string) {
  return store.db.withoutPlugins().selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
}

describe.each(dialectsUnderTest())('%s: ENCRYPT_PERSONAL_DATA', (dialect) => {
  async function open(personalData?: { secretKey?: string; encryptPersonalData: boolean }) {
    const { store, cleanup } = await dialect.open(personalData ? { personalData } : {})
    cleanups.push(cleanup)
    return store
  }

  it('stores ciphertext in every personal column and reads it back decrypted', async () => {
    const store = await open(ON)
    await leads.insertLeadIfNew(store.db, leadRow('1', 10))
    await leads.saveEnrichment(store.db, '1', enrichment(), 11)

    const raw = await rawLead(store, '1')
    const stored = JSON.stringify(raw)
    for (const secret of [EMAIL, EMAIL.toLowerCase(), 'Lovelace', 'lovelace', PHONE, 'Analytical'])
      expect(stored).not.toContain(secret)
    for (const column of [
      'fields',
      'custom_answers',
      'consents',
      'hidden_fields',
      'raw_response',
      'search_text',
    ] as const)
      expect(raw[column], column).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/)
    expect(raw.email_hash).toMatch(/^[0-9a-f]{64}$/)

    const read = await leads.getLead(store.db, '1')
    expect(JSON.parse(read?.fields ?? '{}')).toMatchObject({ workEmail: EMAIL, lastName: 'Lovelace', phoneE164: PHONE })
    expect(read?.custom_answers).toContain('Lovelace budget')
  })

  it('finds a lead by its exact e-mail (any case, spaces around) and refuses name search', async () => {
    const store = await open(ON)
    await leads.insertLeadIfNew(store.db, leadRow('1', 10))
    await leads.saveEnrichment(store.db, '1', enrichment(), 11)
    await leads.insertLeadIfNew(store.db, leadRow('2', 12))
    await leads.saveEnrichment(store.db, '2', enrichment('someone.else@example.com'), 13)

    const found = await leads.listLeads(store.db, { q: `  ${EMAIL.toUpperCase()} ` }, { limit: 10 })
    expect(found.leads.map((l) => l.id)).toEqual(['1'])
    expect(JSON.parse(found.leads[0]?.fields ?? '{}').workEmail).toBe(EMAIL)
    await expect(leads.listLeads(store.db, { q: 'lovelace' }, { limit: 10 })).rejects.toThrow(
      leads.SearchUnavailableError,
    )
    expect(leads.searchIsExactEmailOnly(store.db)).toBe(true)
  })

  it('dedupes and looks up sequence e-mails and suppressions through the keyed hash', async () => {
    const store = await open(ON)
    const enrolment = await sequences.insertEnrolment(store.db, {
      ...{ lead_id: '1', sequence: 's', owner_id: 'rep', lead_email: EMAIL.toLowerCase(), time_zone: 'UTC' },
      ...{ state: 'active', enrolled_at: 1, updated_at: 1 },
    })
    expect((await sequences.enrolmentByLeadEmail(store.db, ['rep'], ` ${EMAIL}`))?.id).toBe(enrolment)
    await sequences.suppress(store.db, EMAIL, 'unsubscribed', 1)
    await sequences.suppress(store.db, EMAIL.toLowerCase(), 'bounced', 2)
    expect(await sequences.suppression(store.db, ` ${EMAIL.toUpperCase()}`)).toBe('unsubscribed')

    const raw = store.db.withoutPlugins()
    const stored = JSON.stringify([
      await raw.selectFrom('sequence_enrolments').selectAll().execute(),
      await raw.selectFrom('email_suppressions').selectAll().execute(),
    ])
    expect(stored).not.toContain(EMAIL.toLowerCase())
    expect(await raw.selectFrom('email_suppressions').select('address').execute()).toEqual([
      { address: expect.stringMatching(/^hmac:[0-9a-f]{64}$/) },
    ])
  })

  it('treats a changed ciphertext as an error, never as a value', async () => {
    const store = await open(ON)
    await leads.insertLeadIfNew(store.db, leadRow('1', 10))
    await leads.saveEnrichment(store.db, '1', enrichment(), 11)
    const sealed = (await rawLead(store, '1')).fields as string
    const body = Buffer.from(sealed.slice('enc:v1:'.length), 'base64')
    body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1
    const tampered = `enc:v1:${body.toString('base64')}`
    await store.db.withoutPlugins().updateTable('leads').set({ fields: tampered }).where('id', '=', '1').execute()
    await expect(leads.getLead(store.db, '1')).rejects.toThrow(/cannot decrypt stored personal data/)
  })

  it('encrypts rows stored in plaintext before the option was on, once, in batches', async () => {
    const store = await open(ON)
    const plain = store.db.withoutPlugins()
    for (let i = 0; i < 450; i++) {
      await leads.insertLeadIfNew(plain, leadRow(`p${i}`, i))
      await leads.saveEnrichment(plain, `p${i}`, enrichment(`lead${i}@example.com`), i)
    }
    await sequences.suppress(plain, EMAIL, 'bounced', 1)
    expect((await rawLead(store, 'p7')).fields).toContain('lead7@example.com')

    expect(await sealPlaintextPersonalData(store.db)).toBe(451)
    expect(await sealPlaintextPersonalData(store.db)).toBe(0)
    const raw = await rawLead(store, 'p7')
    expect(raw.fields).toMatch(/^enc:v1:/)
    expect(raw.search_text).toMatch(/^enc:v1:/)
    const found = await leads.listLeads(store.db, { q: 'LEAD7@example.com' }, { limit: 5 })
    expect(found.leads.map((l) => l.id)).toEqual(['p7'])
    expect(await sequences.suppression(store.db, EMAIL)).toBe('bounced')
  })

  it('erases the ciphertext and the e-mail hash on deletion', async () => {
    const store = await open(ON)
    await leads.insertLeadIfNew(store.db, leadRow('1', 10))
    await leads.saveEnrichment(store.db, '1', enrichment(), 11)
    await leads.eraseLead(store.db, '1', 12)
    const raw = await rawLead(store, '1')
    expect(raw).toMatchObject({
      status: 'deleted',
      fields: null,
      raw_response: null,
      search_text: null,
      email_hash: null,
    })
    expect((await leads.listLeads(store.db, { q: EMAIL }, { limit: 5 })).leads).toEqual([])
  })

  it('keeps plaintext and substring search when the option is off (the default)', async () => {
    const store = await open()
    await leads.insertLeadIfNew(store.db, leadRow('1', 10))
    await leads.saveEnrichment(store.db, '1', enrichment(), 11)
    expect((await rawLead(store, '1')).fields).toContain(EMAIL)
    expect((await leads.listLeads(store.db, { q: 'lovelace' }, { limit: 5 })).leads).toHaveLength(1)
    expect(store.personalDataEncrypted).toBe(false)
  })
})
