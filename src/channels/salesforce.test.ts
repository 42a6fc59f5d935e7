import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeSalesforce, startFakeSalesforce } from '../../test/support/fakes/fake-salesforce.js'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import { createSalesforceChannel, type SalesforceChannelOptions, SalesforceLookupError } from './salesforce.js'
import { createSalesforceAuth } from './salesforce-auth.js'

const CLIENT = { clientId: '3MVG9-test', clientSecret: 'secret-1' }
const URN = 'urn:li:leadGenFormResponse:1'
const clock = createManualClock(new Date('2026-03-14T16:30:00Z'))
let sf: FakeSalesforce

beforeEach(async () => {
  sf = await startFakeSalesforce({ ...CLIENT, refreshToken: 'refresh-1' })
})
afterEach(async () => {
  await sf.close()
})

const channel = (extra: Partial<SalesforceChannelOptions> = {}) =>
  createSalesforceChannel({
    name: 'salesforce',
    auth: { loginUrl: sf.url, ...CLIENT },
    owners: { 'm-1': '005000000000RILEY' },
    externalIdField: 'LinkedIn_Lead_Id__c',
    taskDue: { hot: 15, warm: 120, cold: 1440 },
    deletion: 'delete',
    clock,
    ...extra,
  })
const onlyLead = () => {
  expect(sf.leads.size).toBe(1)
  return [...sf.leads.values()][0]!
}

describe('Salesforce: creating the Lead and the Task', () => {
  it('upserts one Lead by the LinkedIn lead URN, owned by the mapped user, with one Task for them', async () => {
    const outcome = await channel().send(
      leadAlert({ submittedAt: '2026-03-14T16:26:00.000Z', fields: { country: 'US', industry: 'Logistics' } }),
      sendContext(),
    )
    const lead = onlyLead()
    expect(outcome).toEqual({ kind: 'delivered', externalId: lead.Id })
    expect(lead.fields).toMatchObject({
      LinkedIn_Lead_Id__c: URN,
      FirstName: 'Dana',
      LastName: 'Whitfield',
      Email: 'dana@acme.example',
      Phone: '+14155550123',
      Title: 'VP of Operations',
      Company: 'Acme Logistics',
      State: 'CA',
      Country: 'US',
      Industry: 'Logistics',
      LeadSource: 'LinkedIn Lead Gen',
      OwnerId: '005000000000RILEY',
    })
    expect(sf.tasks.size).toBe(1)
    const task = [...sf.tasks.values()][0]!
    expect(task.fields).toMatchObject({
      WhoId: lead.Id,
      OwnerId: '005000000000RILEY',
      Subject: 'Follow up: HOT LinkedIn lead Dana Whitfield',
      ActivityDate: '2026-03-14',
      ReminderDateTime: '2026-03-14T16:41:00.000Z',
      Priority: 'High',
      Status: 'Not Started',
      LeadRelay_Delivery_Key__c: 'dlv_lead-1_test_new-lead',
    })
  })

  it("fills Salesforce's required LastName and Company when the form did not ask for them", async () => {
    await channel().send(leadAlert({ lastName: null, company: null }), sendContext())
    expect(onlyLead().fields).toMatchObject({ LastName: '[not provided]', Company: '[not provided]' })
  })

  it('makes no second Lead and no second Task when the same delivery is retried', async () => {
    const sfc = channel()
    const first = await sfc.send(leadAlert(), sendContext({ attempt: 1 }))
    const second = await sfc.send(leadAlert(), sendContext({ attempt: 2 }))
    expect(second).toEqual(first)
    onlyLead()
    expect(sf.tasks.size).toBe(1)
  })

  it('logs in once and reuses the session across sends', async () => {
    const sfc = channel()
    await sfc.send(leadAlert(), sendContext())
    await sfc.send(
      leadAlert({ leadId: 'lead-2', leadUrn: 'urn:li:leadGenFormResponse:2' }),
      sendContext({ idempotencyKey: 'k2' }),
    )
    expect(sf.tokenRequests).toBe(1)
    expect(sf.leads.size).toBe(2)
  })

  it('uses the refresh token flow when given a refresh token', async () => {
    const outcome = await channel({ auth: { loginUrl: sf.url, ...CLIENT, refreshToken: 'refresh-1' } }).send(
      leadAlert(),
      sendContext(),
    )
    expect(outcome.kind).toBe('delivered')
  })
})

describe('Salesforce: sessions, limits and field errors', () => {
  it('re-authenticates once when the session expired (INVALID_SESSION_ID) and finishes the same send', async () => {
    const sfc = channel()
    await sfc.send(leadAlert(), sendContext())
    sf.expireSessions()
    const outcome = await sfc.send(
      leadAlert({ leadId: 'lead-2', leadUrn: 'urn:li:leadGenFormResponse:2' }),
      sendContext({ idempotencyKey: 'k2' }),
    )
    expect(outcome.kind).toBe('delivered')
    expect(sf.tokenRequests).toBe(2)
    expect(sf.tasks.size).toBe(2)
  })

  it('re-authenticates when the session expires between the Lead and the Task', async () => {
    const auth = createSalesforceAuth({ loginUrl: sf.url, ...CLIENT })
    sf.expireSessionsAfter(1)
    const outcome = await channel({ auth }).send(leadAlert(), sendContext())
    expect(outcome.kind).toBe('delivered')
    expect(sf.tokenRequests).toBe(2)
    expect(sf.tasks.size).toBe(1)
  })

  it('rejects readably when the connected app credentials are wrong', async () => {
    const outcome = await channel({ auth: { loginUrl: sf.url, clientId: '3MVG9-test', clientSecret: 'wrong' } }).send(
      leadAlert(),
      sendContext(),
    )
    expect(outcome.kind).toBe('rejected')
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/^Salesforce login failed \(invalid_client/)
  })

  it('retries REQUEST_LIMIT_EXCEEDED, then delivers once', async () => {
    sf.answerWith(sf.requestLimitExceeded('/sobjects/Lead/'))
    const sfc = channel()
    expect(await sfc.send(leadAlert(), sendContext())).toEqual({
      kind: 'retry',
      reason: 'Salesforce API request limit exceeded while upserting the Lead (REQUEST_LIMIT_EXCEEDED)',
    })
    expect(sf.leads.size).toBe(0)
    expect((await sfc.send(leadAlert(), sendContext({ attempt: 2 }))).kind).toBe('delivered')
    onlyLead()
    expect(sf.tasks.size).toBe(1)
  })

  it('retries a 503 on the Task and completes it on the next attempt without a second Lead', async () => {
    sf.answerWith({
      path: '/sobjects/Task/',
      status: 503,
      body: [{ message: 'Server unavailable', errorCode: 'SERVER_UNAVAILABLE' }],
    })
    const sfc = channel()
    expect((await sfc.send(leadAlert(), sendContext())).kind).toBe('retry')
    expect((await sfc.send(leadAlert(), sendContext({ attempt: 2 }))).kind).toBe('delivered')
    onlyLead()
    expect(sf.tasks.size).toBe(1)
  })

  it('rejects a field error naming the errorCode and the field, without the lead data', async () => {
    const outcome = await channel().send(leadAlert({ email: 'dana-at-acme' }), sendContext())
    expect(outcome).toEqual({
      kind: 'rejected',
      reason:
        'Salesforce rejected upserting the Lead (HTTP 400: INVALID_EMAIL_ADDRESS [Email] Email: invalid email address: [redacted])',
    })
  })

  it('rejects a mapping to a field the org does not have (INVALID_FIELD)', async () => {
    const outcome = await channel({
      fieldMapping: { lastName: 'LastName', company: 'Company', jobTitle: 'Job_Title__c' },
    }).send(leadAlert(), sendContext())
    expect(outcome.kind === 'rejected' && outcome.reason).toContain(
      "INVALID_FIELD No such column 'Job_Title__c' on sobject of type Lead",
    )
  })

  it('rejects a custom validation rule quoting its message', async () => {
    sf.answerWith({
      path: '/sobjects/Lead/',
      status: 400,
      body: [
        { message: 'Phone must be in E.164 format', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['Phone'] },
      ],
    })
    const outcome = await channel().send(leadAlert(), sendContext())
    expect(outcome).toEqual({
      kind: 'rejected',
      reason:
        'Salesforce rejected upserting the Lead (HTTP 400: FIELD_CUSTOM_VALIDATION_EXCEPTION [Phone] Phone must be in E.164 format)',
    })
  })

  it('rejects when the external id field does not exist', async () => {
    const outcome = await channel({ externalIdField: 'Missing__c' }).send(leadAlert(), sendContext())
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('NOT_FOUND')
  })
})

describe('Salesforce: escalations', () => {
  it('writes nothing for an escalation: the Lead and its Task exist since the new-lead delivery', async () => {
    const outcome = await channel().send(
      leadAlert({ kind: 'escalation', escalation: { minutesWaiting: 12, level: 1 } }),
      sendContext(),
    )
    expect(outcome).toEqual({ kind: 'delivered' })
    expect(sf.tokenRequests).toBe(0)
  })
})

describe('Salesforce: test leads', () => {
  it('writes nothing for a test lead unless the channel opts in', async () => {
    expect((await channel().send(leadAlert({ test: true }), sendContext())).kind).toBe('rejected')
    expect(sf.tokenRequests).toBe(0)
    await channel({ sendTestLeads: true }).send(leadAlert({ test: true }), sendContext())
    onlyLead()
  })
})

describe('Salesforce: deletion', () => {
  it('deletes the Lead by its external id, and counts an already-deleted Lead as done', async () => {
    const sfc = channel()
    const created = await sfc.send(leadAlert(), sendContext())
    const externalId = created.kind === 'delivered' ? (created.externalId ?? null) : null
    const request = { leadId: 'lead-1', leadUrn: URN, externalId }
    expect(await sfc.deleteLead!(request, sendContext())).toEqual({ kind: 'delivered', externalId })
    expect(sf.leads.size).toBe(0)
    expect(await sfc.deleteLead!(request, sendContext({ attempt: 2 }))).toEqual({ kind: 'delivered', externalId })
  })

  it("in 'clear' mode empties the mapped fields and keeps the Lead", async () => {
    const sfc = channel({ deletion: 'clear' })
    await sfc.send(leadAlert(), sendContext())
    await sfc.deleteLead!({ leadId: 'lead-1', leadUrn: URN, externalId: null }, sendContext())
    expect(onlyLead().fields).toMatchObject({
      FirstName: null,
      Email: null,
      Phone: null,
      Title: null,
      LastName: '[deleted]',
      Company: '[deleted]',
      OwnerId: '005000000000RILEY',
    })
  })

  it('retries a deletion when the request limit is exceeded', async () => {
    sf.answerWith(sf.requestLimitExceeded())
    const outcome = await channel().deleteLead!({ leadId: 'lead-1', leadUrn: URN, externalId: null }, sendContext())
    expect(outcome.kind).toBe('retry')
  })
})

describe('Salesforce: existing owner', () => {
  it('finds the owner by Contact or Lead e-mail, then by Account website domain', async () => {
    sf.addContact({ Email: 'pat@globex.example', OwnerId: '005000000000PAT' })
    sf.addAccount({ Website: 'https://www.initech.example', OwnerId: '005000000000SAM' })
    const sfc = channel()
    const signal = new AbortController().signal
    expect(await sfc.findOwner!({ email: 'pat@globex.example', domain: 'globex.example' }, signal)).toEqual({
      crmOwnerId: '005000000000PAT',
    })
    await sfc.send(leadAlert(), sendContext())
    expect(await sfc.findOwner!({ email: 'dana@acme.example', domain: null }, signal)).toEqual({
      crmOwnerId: '005000000000RILEY',
    })
    expect(await sfc.findOwner!({ email: "o'hara@initech.example", domain: 'initech.example' }, signal)).toEqual({
      crmOwnerId: '005000000000SAM',
    })
    expect(await sfc.findOwner!({ email: 'new@nowhere.example', domain: 'nowhere.example' }, signal)).toBeNull()
  })

  it('looks up only valid e-mail domains, with LIKE wildcards escaped, so x@% matches nobody', async () => {
    sf.addAccount({ Website: 'https://www.initech.example', OwnerId: '005000000000SAM' })
    sf.addAccount({ Website: 'https://100%_real.example', OwnerId: '005000000000ODD' })
    const sfc = channel()
    const signal = new AbortController().signal
    // Before: Website LIKE '%%%' matched every account.
    expect(await sfc.findOwner!({ email: 'x@%', domain: '%' }, signal)).toBeNull()
    expect(await sfc.findOwner!({ email: null, domain: '_nitech.example' }, signal)).toBeNull()
    expect(await sfc.findOwner!({ email: null, domain: 'initech.example' }, signal)).toEqual({
      crmOwnerId: '005000000000SAM',
    })
  })

  it('throws a lookup error when Salesforce cannot be asked', async () => {
    sf.answerWith(sf.requestLimitExceeded('/query'))
    await expect(
      channel().findOwner!({ email: 'pat@globex.example', domain: null }, new AbortController().signal),
    ).rejects.toThrow(SalesforceLookupError)
  })
})
