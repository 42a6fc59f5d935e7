import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeHubSpot, startFakeHubSpot } from '../../test/support/fakes/fake-hubspot.js'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import { createHubSpotChannel, type HubSpotChannelOptions, HubSpotLookupError } from './hubspot.js'

const TOKEN = 'pat-na1-test'
const clock = createManualClock(new Date('2026-03-14T16:30:00Z'))
let hubspot: FakeHubSpot

beforeEach(async () => {
  hubspot = await startFakeHubSpot({
    accessToken: TOKEN,
    customContactProperties: ['linkedin_lead_id', 'leadrelay_task_ref'],
  })
})
afterEach(async () => {
  await hubspot.close()
})

const channel = (extra: Partial<HubSpotChannelOptions> = {}) =>
  createHubSpotChannel({
    name: 'hubspot',
    accessToken: TOKEN,
    apiUrl: hubspot.apiUrl,
    owners: { 'm-1': '77001' },
    linkedinLeadIdProperty: 'linkedin_lead_id',
    taskDue: { hot: 15, warm: 120, cold: 1440 },
    deletion: 'delete',
    clock,
    ...extra,
  })
const submitted = { submittedAt: '2026-03-14T16:26:00.000Z' }

describe('HubSpot: creating the contact and the task', () => {
  it('upserts one contact owned by the mapped owner and creates one task for them, due per priority', async () => {
    const outcome = await channel().send(
      leadAlert({ ...submitted, fields: { city: 'Oakland', postalCode: '94607', country: 'US' } }),
      sendContext(),
    )
    const contacts = hubspot.liveContacts()
    expect(contacts).toHaveLength(1)
    const contact = contacts[0]!
    expect(outcome).toEqual({ kind: 'delivered', externalId: contact.id })
    expect(contact.properties).toMatchObject({
      email: 'dana@acme.example',
      firstname: 'Dana',
      lastname: 'Whitfield',
      phone: '+14155550123',
      jobtitle: 'VP of Operations',
      company: 'Acme Logistics',
      state: 'CA',
      city: 'Oakland',
      zip: '94607',
      country: 'US',
      hubspot_owner_id: '77001',
      lifecyclestage: 'lead',
      hs_lead_status: 'NEW',
      linkedin_lead_id: 'urn:li:leadGenFormResponse:1',
    })
    const tasks = [...hubspot.tasks.values()]
    expect(tasks).toHaveLength(1)
    expect(tasks[0]!.associatedContactIds).toEqual([contact.id])
    expect(tasks[0]!.properties).toMatchObject({
      hs_task_subject: 'Follow up: HOT LinkedIn lead Dana Whitfield',
      hs_timestamp: '2026-03-14T16:41:00.000Z',
      hs_task_priority: 'HIGH',
      hs_task_status: 'NOT_STARTED',
      hubspot_owner_id: '77001',
    })
    expect(tasks[0]!.properties['hs_task_body']).toContain('Demo request / Q3 West')
  })

  it('writes custom answers into the task, not into contact properties', async () => {
    await channel().send(
      leadAlert({ customAnswers: [{ question: 'Fleet size?', answer: '120 trucks' }] }),
      sendContext(),
    )
    expect([...hubspot.tasks.values()][0]!.properties['hs_task_body']).toContain('Fleet size?: 120 trucks')
  })

  it('makes no second contact and no second task when the same delivery is retried', async () => {
    const hs = channel()
    const first = await hs.send(leadAlert(), sendContext({ attempt: 1 }))
    const second = await hs.send(leadAlert(), sendContext({ attempt: 2 }))
    expect(second).toEqual(first)
    expect(hubspot.liveContacts()).toHaveLength(1)
    expect(hubspot.tasks.size).toBe(1)
  })

  it('gives a second lead from the same person the same contact and a task of its own', async () => {
    const hs = channel()
    await hs.send(leadAlert(), sendContext())
    await hs.send(leadAlert({ leadId: 'lead-2' }), sendContext({ idempotencyKey: 'dlv_lead-2_hubspot_new-lead' }))
    expect(hubspot.liveContacts()).toHaveLength(1)
    expect(hubspot.tasks.size).toBe(2)
  })

  it('creates the missing task when a retry follows a failed task creation', async () => {
    hubspot.answerWith({
      path: '/crm/v3/objects/tasks',
      status: 502,
      body: { status: 'error', message: 'Bad gateway' },
    })
    const hs = channel()
    expect((await hs.send(leadAlert(), sendContext())).kind).toBe('retry')
    expect(hubspot.tasks.size).toBe(0)
    expect((await hs.send(leadAlert(), sendContext({ attempt: 2 }))).kind).toBe('delivered')
    expect(hubspot.liveContacts()).toHaveLength(1)
    expect(hubspot.tasks.size).toBe(1)
  })

  it('writes nothing for an escalation: the contact and its task exist since the new-lead delivery', async () => {
    const outcome = await channel().send(
      leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 12, level: 1 } }),
      sendContext(),
    )
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(hubspot.requests).toHaveLength(0)
  })

  it('leaves the contact unowned when the routed rep has no HubSpot owner id', async () => {
    await channel({ owners: {} }).send(leadAlert(), sendContext())
    expect(hubspot.liveContacts()[0]!.properties['hubspot_owner_id']).toBeUndefined()
    expect([...hubspot.tasks.values()][0]!.properties['hubspot_owner_id']).toBeUndefined()
  })
})

describe('HubSpot: rate limits, auth and validation', () => {
  it('retries a 429 after the rolling window, then delivers once', async () => {
    hubspot.answerWith(hubspot.rateLimited('/crm/v3/objects/contacts/batch/upsert'))
    const hs = channel()
    const limited = await hs.send(leadAlert(), sendContext())
    expect(limited).toEqual({
      kind: 'retry',
      reason: 'HubSpot rate limit TEN_SECONDLY_ROLLING reached while upserting the contact (HTTP 429)',
      notBefore: new Date(clock.now().getTime() + 10_000),
    })
    expect((await hs.send(leadAlert(), sendContext({ attempt: 2 }))).kind).toBe('delivered')
    expect(hubspot.liveContacts()).toHaveLength(1)
    expect(hubspot.tasks.size).toBe(1)
  })

  it('prefers Retry-After when HubSpot sends it', async () => {
    hubspot.answerWith({ ...hubspot.rateLimited(), headers: { 'retry-after': '30' } })
    const outcome = await channel().send(leadAlert(), sendContext())
    expect(outcome).toMatchObject({ kind: 'retry', notBefore: new Date(clock.now().getTime() + 30_000) })
  })

  it('rejects a 401 naming the private-app token and the scope', async () => {
    const outcome = await channel({ accessToken: 'pat-na1-expired' }).send(leadAlert(), sendContext())
    expect(outcome).toEqual({
      kind: 'rejected',
      reason:
        'HubSpot private-app token invalid or missing scope crm.objects.contacts.write (HTTP 401 (INVALID_AUTHENTICATION)) while upserting the contact',
    })
    expect(hubspot.contacts.size).toBe(0)
  })

  it("rejects a validation error quoting HubSpot's message without the lead's data", async () => {
    const outcome = await channel().send(leadAlert({ email: 'dana-at-acme.example' }), sendContext())
    expect(outcome.kind).toBe('rejected')
    const reason = outcome.kind === 'rejected' ? outcome.reason : ''
    expect(reason).toContain('HubSpot rejected upserting the contact (HTTP 400 (VALIDATION_ERROR))')
    expect(reason).toContain('Email address [redacted] is invalid')
    expect(reason).not.toContain('dana')
  })

  it('rejects a mapping to a property the portal does not have, naming it', async () => {
    const outcome = await channel({ fieldMapping: { email: 'email', company: 'company_name_x' } }).send(
      leadAlert(),
      sendContext(),
    )
    expect(outcome).toMatchObject({ kind: 'rejected' })
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('Property "company_name_x" does not exist')
  })

  it('dead-letters with the fix when the task-record property is missing, rather than risk a second task', async () => {
    const outcome = await channel({ taskRecordProperty: 'not_created_yet' }).send(leadAlert(), sendContext())
    expect(outcome.kind).toBe('rejected')
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('create the contact property "not_created_yet"')
    // Found before the task is created, so no task is left behind either.
    expect(hubspot.tasks.size).toBe(0)
  })

  it('finds the task a crashed attempt created before recording it, instead of creating a second', async () => {
    const context = sendContext()
    expect((await channel().send(leadAlert(), context)).kind).toBe('delivered')
    const [contact] = hubspot.liveContacts()
    const [task] = [...hubspot.tasks.values()]
    // What a kill -9 between creating the task and recording it leaves: the intent, and the task.
    contact!.properties['leadrelay_task_ref'] = `${context.idempotencyKey} pending`
    expect((await channel().send(leadAlert(), context)).kind).toBe('delivered')
    expect(hubspot.tasks.size).toBe(1)
    expect(contact!.properties['leadrelay_task_ref']).toBe(`${context.idempotencyKey} ${task!.id}`)
  })

  it('rejects a lead without an e-mail address before calling HubSpot', async () => {
    const outcome = await channel().send(leadAlert({ email: null }), sendContext())
    expect(outcome).toEqual({
      kind: 'rejected',
      reason: 'lead has no e-mail address: HubSpot contacts are upserted by e-mail',
    })
    expect(hubspot.requests).toHaveLength(0)
  })
})

describe('HubSpot: test leads', () => {
  it('writes nothing for a test lead unless the channel opts in', async () => {
    const outcome = await channel().send(leadAlert({ test: true }), sendContext())
    expect(outcome.kind).toBe('rejected')
    expect(hubspot.requests).toHaveLength(0)
    await channel({ sendTestLeads: true }).send(leadAlert({ test: true }), sendContext())
    expect(hubspot.liveContacts()).toHaveLength(1)
  })

  it('says sendTestLeads is off by default', () => {
    expect(channel().sendTestLeads).toBe(false)
  })
})

describe('HubSpot: deletion', () => {
  it('archives the contact our create returned, and counts an already-gone contact as done', async () => {
    const hs = channel()
    const created = await hs.send(leadAlert(), sendContext())
    const externalId = created.kind === 'delivered' ? (created.externalId ?? null) : null
    const request = { leadId: 'lead-1', leadUrn: 'urn:li:leadGenFormResponse:1', externalId }
    expect(await hs.deleteLead!(request, sendContext())).toEqual({ kind: 'delivered', externalId })
    expect(hubspot.liveContacts()).toHaveLength(0)
    expect(await hs.deleteLead!(request, sendContext({ attempt: 2 }))).toEqual({ kind: 'delivered', externalId })
  })

  it("in 'clear' mode empties the mapped LinkedIn properties and keeps the contact", async () => {
    const hs = channel({ deletion: 'clear' })
    const created = await hs.send(leadAlert(), sendContext())
    const externalId = created.kind === 'delivered' ? (created.externalId ?? null) : null
    await hs.deleteLead!({ leadId: 'lead-1', leadUrn: 'urn:li:leadGenFormResponse:1', externalId }, sendContext())
    const contact = hubspot.liveContacts()[0]!
    for (const property of ['email', 'firstname', 'lastname', 'phone', 'jobtitle', 'company', 'linkedin_lead_id']) {
      expect(contact.properties[property]).toBe('')
    }
    expect(contact.properties['hubspot_owner_id']).toBe('77001')
  })

  it('finds the contact by the LinkedIn lead id when no contact id was recorded', async () => {
    const hs = channel()
    await hs.send(leadAlert(), sendContext())
    const outcome = await hs.deleteLead!(
      { leadId: 'lead-1', leadUrn: 'urn:li:leadGenFormResponse:1', externalId: null },
      sendContext(),
    )
    expect(outcome.kind).toBe('delivered')
    expect(hubspot.liveContacts()).toHaveLength(0)
  })

  it('retries a deletion HubSpot could not take now', async () => {
    hubspot.answerWith(hubspot.rateLimited())
    const outcome = await channel().deleteLead!(
      { leadId: 'lead-1', leadUrn: 'urn:li:leadGenFormResponse:1', externalId: '1000' },
      sendContext(),
    )
    expect(outcome.kind).toBe('retry')
  })
})

describe('HubSpot: existing owner', () => {
  it('finds the owner of the contact by e-mail, then of the company by domain', async () => {
    hubspot.addContact({ email: 'pat@globex.example', hubspot_owner_id: '77002' })
    hubspot.addCompany({ domain: 'initech.example', hubspot_owner_id: '77003' })
    const hs = channel()
    const signal = new AbortController().signal
    expect(await hs.findOwner!({ email: 'PAT@globex.example', domain: 'globex.example' }, signal)).toEqual({
      crmOwnerId: '77002',
    })
    expect(await hs.findOwner!({ email: 'sam@initech.example', domain: 'initech.example' }, signal)).toEqual({
      crmOwnerId: '77003',
    })
    expect(await hs.findOwner!({ email: 'new@nowhere.example', domain: 'nowhere.example' }, signal)).toBeNull()
  })

  it('throws a lookup error when HubSpot cannot be asked', async () => {
    const hs = channel({ accessToken: 'wrong' })
    await expect(
      hs.findOwner!({ email: 'pat@globex.example', domain: null }, new AbortController().signal),
    ).rejects.toThrow(HubSpotLookupError)
  })
})
