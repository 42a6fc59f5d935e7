import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeSalesforce, startFakeSalesforce } from '../../test/support/fakes/fake-salesforce.js'
import { leadAlert, sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import { createSalesforceChannel } from './salesforce.js'

const CLIENT = { clientId: '3MVG9-test', clientSecret: 'secret-1' }
let sf: FakeSalesforce

beforeEach(async () => {
  sf = await startFakeSalesforce(CLIENT)
})
afterEach(async () => {
  await sf.close()
})

const channel = () =>
  createSalesforceChannel({
    name: 'salesforce',
    auth: { loginUrl: sf.url, ...CLIENT },
    owners: { 'm-1': '005000000000RILEY' },
    externalIdField: 'LinkedIn_Lead_Id__c',
    taskDue: { hot: 15, warm: 120, cold: 1440 },
    deletion: 'delete',
    clock: createManualClock(new Date('2026-03-14T16:30:00Z')),
  })

describe('Salesforce: a sequence task step', () => {
  it('is one Task on the Lead however often it is sent (a retry, or attempt 1 again after kill -9); done completes it', async () => {
    const lead = await channel().send(leadAlert(), sendContext())
    const recordId = lead.kind === 'delivered' ? (lead.externalId as string) : ''
    const task = {
      leadId: 'L1',
      recordId,
      ownerMemberId: 'm-1',
      call: false,
      subject: 'Send Dana a LinkedIn connection request',
      body: 'Hi Dana',
      due: new Date('2026-03-16T15:00:00Z'),
      status: 'open' as const,
      taskKey: 'seq:1:connect:salesforce',
      taskId: null,
    }
    const context = sendContext({ idempotencyKey: 'seq:1:connect:salesforce' })
    const first = await channel().sendTask?.(task, context)
    expect(await channel().sendTask?.(task, context)).toEqual(first)
    const steps = [...sf.tasks.values()].filter(
      (t) => t.fields.LeadRelay_Delivery_Key__c === 'seq:1:connect:salesforce',
    )
    expect(steps).toHaveLength(1)
    expect(steps[0]?.fields).toMatchObject({
      WhoId: recordId,
      OwnerId: '005000000000RILEY',
      Subject: 'Send Dana a LinkedIn connection request',
      Description: 'Hi Dana',
      ActivityDate: '2026-03-16',
      Status: 'Not Started',
    })
    // Only call steps are typed: a connection request is not a call.
    expect(steps[0]?.fields.Type).toBeUndefined()

    const taskId = first?.kind === 'delivered' ? (first.externalId ?? null) : null
    expect(taskId).toBe(steps[0]?.Id)
    const done = await channel().sendTask?.(
      { ...task, status: 'completed', taskId },
      sendContext({ idempotencyKey: 'seq:1:connect:salesforce:done' }),
    )
    expect(done).toEqual({ kind: 'delivered' })
    expect(steps[0]?.fields.Status).toBe('Completed')
    expect(sf.tasks.size).toBe(2) // the alert's follow-up Task and this one
  })
})
