import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LeadView } from '../src/views/lead-view.js'
import { formNamed, startWorld, type World } from './support/relay-with-simulator.js'

let world: World
beforeEach(async () => {
  world = await startWorld()
})
afterEach(async () => {
  await world?.close()
})

async function leadOnceSettled(id: string, until: (lead: LeadView) => boolean = (l) => l.status !== 'received') {
  let lead: LeadView | undefined
  await expect
    .poll(
      async () => {
        const res = await world.api<LeadView>(`/api/leads/${id}`)
        lead = res.status === 200 ? res.body : undefined
        return lead !== undefined && until(lead)
      },
      { timeout: 15_000, interval: 50 },
    )
    .toBe(true)
  return lead as LeadView
}

describe('from notification to a complete, clean lead (against the simulator)', () => {
  it('stores a submitted lead with every field mapped by predefinedField and normalised', async () => {
    const formId = formNamed(world.simulator, 'Download the 2026 benchmark report')
    const challenge = world.simulator.forms
      .get(formId)
      ?.versions.at(-1)
      ?.content.questions.find((q) => q.name === 'Biggest challenge')?.questionId
    const { lead } = await world.simulator.submitLead({
      formId,
      answers: {
        [String(challenge)]: 'Slow follow-up',
        FIRST_NAME: '  jane ',
        LAST_NAME: 'DOE',
        WORK_EMAIL: ' Jane.Doe@Acme.COM ',
        SENIORITY: 'Director',
        INDUSTRY: 'Computer Software',
        COMPANY_SIZE: '51-200 employees',
        STATE: 'california',
        ZIP_CODE: '94105-1234',
        COUNTRY: 'United States',
      },
    })
    const stored = await leadOnceSettled(lead.id)
    expect(stored).toMatchObject({
      id: lead.id,
      urn: `urn:li:leadGenFormResponse:${lead.id}`,
      status: 'enriched',
      leadType: 'SPONSORED',
      source: 'webhook',
      test: false,
      fields: {
        firstName: 'Jane',
        lastName: 'Doe',
        workEmail: 'jane.doe@acme.com',
        seniority: 'Director',
        industry: 'Computer Software',
        companySize: '51-200',
        state: 'CA',
        postalCode: '94105',
        zipPlus4: '94105-1234',
        country: 'US',
      },
      customAnswers: [{ questionId: challenge, question: 'What is your biggest challenge?', answer: 'Slow follow-up' }],
      hiddenFields: { utm_source: 'linkedin-report' },
    })
    expect(stored.submittedAt).toBe(new Date(lead.submittedAt).toISOString())
    expect(stored.display.submittedAt).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d [AP]M E[SD]T$/)
    expect(stored.timeline?.map((t) => t.kind)).toEqual(['received', 'fetched', 'normalised', 'routed'])
  })

  it('turns a phone typed any way into E.164 and keeps what was typed', async () => {
    const { lead } = await world.simulator.submitLead({
      formId: formNamed(world.simulator, 'Request a demo'),
      answers: { PHONE_NUMBER: '(415) 555-2671', COMPANY_NAME: ' Acme  Corp ' },
    })
    const stored = await leadOnceSettled(lead.id)
    expect(stored.fields).toMatchObject({ phone: '(415) 555-2671', phoneE164: '+14155552671', company: 'Acme Corp' })
    expect(stored.formVersion).toBe(2)
  })

  it('makes one lead of a notification delivered three times', async () => {
    const { lead } = await world.simulator.submitLead({ duplicates: 2 })
    await leadOnceSettled(lead.id)
    const leads = await world.relay.store.db.selectFrom('leads').select('id').execute()
    expect(leads).toEqual([{ id: lead.id }])
    const events = await world.relay.store.db.selectFrom('events').select('id').execute()
    expect(events).toHaveLength(1)
  })

  it('erases the personal data of a deleted lead from the database and keeps a tombstone', async () => {
    const { lead } = await world.simulator.submitLead({ answers: { FIRST_NAME: 'Zelda', LAST_NAME: 'Quartermaine' } })
    await leadOnceSettled(lead.id)
    await world.simulator.deleteLead(lead.id)
    const tombstone = await leadOnceSettled(lead.id, (l) => l.status === 'deleted')
    expect(tombstone).toMatchObject({ fields: null, customAnswers: null, consents: null, hiddenFields: null })
    expect(tombstone.deletedAt).not.toBeNull()

    // The rows themselves, not only the API: no trace of the person anywhere in the database.
    const db = world.relay.store.db
    const row = await db.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      fields: null,
      custom_answers: null,
      consents: null,
      raw_response: null,
      search_text: null,
    })
    const everything = JSON.stringify([
      await db.selectFrom('leads').selectAll().execute(),
      await db.selectFrom('lead_timeline').selectAll().execute(),
      await db.selectFrom('events').selectAll().execute(),
      await db.selectFrom('jobs').selectAll().execute(),
    ])
    expect(everything).not.toContain('Zelda')
    expect(everything).not.toContain('Quartermaine')
    expect(await db.selectFrom('downstream_deletions').select('lead_id').execute()).toEqual([{ lead_id: lead.id }])
  })

  it('waits out a 429 with Retry-After, then the lead arrives', async () => {
    world.simulator.faults.add({
      endpoint: 'leadFormResponses',
      kind: '429-retry-after',
      count: 1,
      retryAfterSeconds: 1,
      delayMs: 0,
    })
    const { lead } = await world.simulator.submitLead()
    const stored = await leadOnceSettled(lead.id, (l) => l.status === 'enriched')
    const kinds = stored.timeline?.map((t) => t.kind)
    expect(kinds).toEqual(['received', 'fetch-failed', 'fetched', 'normalised', 'routed'])
    const failed = stored.timeline?.find((t) => t.kind === 'fetch-failed')
    const fetched = stored.timeline?.find((t) => t.kind === 'fetched')
    expect(failed?.detail).toContain('429')
    expect(Date.parse(fetched?.at as string) - Date.parse(failed?.at as string)).toBeGreaterThanOrEqual(1000)
  })

  it('refreshes an expired access token and the lead arrives', async () => {
    const before = await world.relay.tokens.status()
    world.simulator.faults.add({
      endpoint: 'leadFormResponses',
      kind: '401-expired',
      count: 1,
      retryAfterSeconds: 0,
      delayMs: 0,
    })
    const { lead } = await world.simulator.submitLead()
    const stored = await leadOnceSettled(lead.id)
    expect(stored.status).toBe('enriched')
    const after = await world.relay.tokens.status()
    expect(after.lastRefreshAt).not.toBeNull()
    expect(after.source).toBe('refresh')
    expect(before.lastRefreshAt).toBeNull()
  })

  it('fails a lead LinkedIn forbids with a readable reason, once, without endless retries', async () => {
    world.simulator.faults.add({
      endpoint: 'leadFormResponses',
      kind: '403',
      count: 50,
      retryAfterSeconds: 0,
      delayMs: 0,
    })
    const { lead } = await world.simulator.submitLead()
    const stored = await leadOnceSettled(lead.id, (l) => l.status === 'failed')
    expect(stored.failureReason).toMatch(/403 ACCESS_DENIED/)
    expect(stored.failureReason).toMatch(/role/)
    const jobs = await world.relay.store.db.selectFrom('jobs').selectAll().where('name', '=', 'process-lead').execute()
    expect(jobs).toMatchObject([{ name: 'process-lead', state: 'dead', attempts: 1 }])
    // 49 of the 50 faults are left: LinkedIn was asked once.
    expect(world.simulator.faults.list()[0]?.remaining).toBe(49)
  })
})

describe('deletion order', () => {
  it('never resurrects a lead whose DELETED arrived before its CREATED', async () => {
    const { createHmac } = await import('node:crypto')
    const { CLIENT_SECRET } = await import('./support/relay-with-simulator.js')
    const { lead } = await world.simulator.submitLead()
    await leadOnceSettled(lead.id)
    const send = async (leadAction: string) => {
      const body = JSON.stringify({
        type: 'LEAD_ACTION',
        leadGenFormResponse: `urn:li:leadGenFormResponse:${lead.id}-replayed`,
        leadGenForm: lead.versionedLeadGenFormUrn,
        owner: lead.owner,
        leadType: 'SPONSORED',
        leadAction,
        occurredAt: Date.now(),
      })
      const signature = createHmac('sha256', CLIENT_SECRET).update(`hmacsha256=${body}`).digest('hex')
      const res = await fetch(`${world.relayUrl}/webhooks/linkedin`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-li-signature': signature },
      })
      expect(res.status).toBe(200)
    }
    await send('DELETED')
    await leadOnceSettled(`${lead.id}-replayed`, (l) => l.status === 'deleted')
    await send('CREATED')
    const stored = await leadOnceSettled(`${lead.id}-replayed`, (l) =>
      (l.timeline ?? []).some((t) => t.kind === 'ignored'),
    )
    expect(stored).toMatchObject({ status: 'deleted', fields: null })
  })
})

describe('before LinkedIn is connected', () => {
  it('keeps the lead waiting, then fetches it as soon as someone connects', async () => {
    await world.close()
    world = await startWorld({ connected: false })
    const { lead } = await world.simulator.submitLead()
    const waiting = await leadOnceSettled(lead.id, (l) => (l.timeline ?? []).some((t) => t.kind === 'fetch-failed'))
    expect(waiting.status).toBe('received')
    expect(waiting.timeline?.find((t) => t.kind === 'fetch-failed')?.detail).toContain('not connected')
    const job = await world.relay.store.db
      .selectFrom('jobs')
      .selectAll()
      .where('name', '=', 'process-lead')
      .executeTakeFirstOrThrow()
    expect(job.run_at - Date.now()).toBeGreaterThan(25 * 60_000)

    const { wakeLeadJobs } = await import('../src/pipeline/index.js')
    await world.relay.tokens.store({ ...world.simulator.tokens.grant() }, 'oauth')
    expect(await wakeLeadJobs(world.relay.store, new Date())).toBe(1)
    expect((await leadOnceSettled(lead.id, (l) => l.status === 'enriched')).status).toBe('enriched')
  })
})
