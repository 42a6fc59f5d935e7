import { afterEach, describe, expect, it } from 'vitest'
import { type FakeHubSpot, startFakeHubSpot } from './support/fakes/fake-hubspot.js'
import { type FakeSalesforce, startFakeSalesforce } from './support/fakes/fake-salesforce.js'
import { type SequenceWorld, startSequenceWorld } from './support/sequence-world.js'

let w: SequenceWorld | undefined
let hubspot: FakeHubSpot | undefined
let salesforce: FakeSalesforce | undefined
afterEach(async () => {
  await w?.close()
  await hubspot?.close()
  await salesforce?.close()
  w = hubspot = salesforce = undefined
})

const CALL_STEPS = `
      - id: call
        type: task
        task: call
        text: "Call {{ lead.firstName }} about the demo"
        message: "Hi {{ lead.firstName }}, this is {{ owner.firstName }} from Acme."
      - { id: pause, type: wait, wait: 600 }`

async function start() {
  hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
  salesforce = await startFakeSalesforce({ clientId: 'sf-client', clientSecret: 'sf-secret' })
  w = await startSequenceWorld({
    steps: CALL_STEPS,
    extraYaml: `channels:
  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001" } }
  - { type: salesforce, name: salesforce, loginUrl: "${salesforce.url}", clientId: sf-client, clientSecret: sf-secret, owners: { ann: "005000000000ANN" } }`,
  })
  return { w, hubspot, salesforce }
}

const callTasks = (h: FakeHubSpot) => [...h.tasks.values()].filter((t) => t.properties.hs_task_type === 'CALL')
const stepTasks = (s: FakeSalesforce) =>
  [...s.tasks.values()].filter((t) => String(t.fields.LeadRelay_Delivery_Key__c).startsWith('seq:'))

async function taskDeliveries(world: SequenceWorld, leadId: string) {
  return world.world.relay.store.db
    .selectFrom('deliveries')
    .select(['channel', 'kind', 'state', 'attempts'])
    .where('lead_id', '=', leadId)
    .where('kind', 'in', ['sequence-task', 'sequence-task-done'])
    .orderBy('id')
    .execute()
}

describe('task steps in the CRMs', () => {
  it('writes a call step as one HubSpot task and one Salesforce Task for the owner, also when the first attempt answers 500; done completes both', async () => {
    const { w, hubspot, salesforce } = await start()
    hubspot.answerWith({ path: '/crm/v3/objects/tasks', bodyIncludes: '"hs_task_type":"CALL"', status: 500 })
    salesforce.answerWith({ path: '/sobjects/Task/LeadRelay_Delivery_Key__c/seq', status: 500, body: [] })
    const leadId = await w.hotLead('dana@prospect.test')

    await expect
      .poll(() => taskDeliveries(w, leadId), { timeout: 20_000, interval: 100 })
      .toEqual([
        { channel: 'hubspot', kind: 'sequence-task', state: 'delivered', attempts: 2 },
        { channel: 'salesforce', kind: 'sequence-task', state: 'delivered', attempts: 2 },
      ])
    const [contact] = hubspot.liveContacts()
    const calls = callTasks(hubspot)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.associatedContactIds).toEqual([contact?.id])
    expect(calls[0]?.properties).toMatchObject({
      hs_task_subject: 'Call Dana about the demo',
      hubspot_owner_id: '77001',
      hs_task_status: 'NOT_STARTED',
    })
    expect(calls[0]?.properties.hs_task_body).toContain('Hi Dana, this is Ann from Acme.')
    const [sfLead] = [...salesforce.leads.values()]
    const sfTasks = stepTasks(salesforce)
    expect(sfTasks).toHaveLength(1)
    expect(sfTasks[0]?.fields).toMatchObject({
      WhoId: sfLead?.Id,
      OwnerId: '005000000000ANN',
      Subject: 'Call Dana about the demo',
      Description: 'Hi Dana, this is Ann from Acme.',
      Type: 'Call',
      Status: 'Not Started',
    })
    expect(sfTasks[0]?.fields.ActivityDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)

    expect((await w.post(`/api/leads/${leadId}/sequence/steps/call/done`, { outcome: 'connected' })).status).toBe(200)
    await expect.poll(() => calls[0]?.properties.hs_task_status, { timeout: 15_000 }).toBe('COMPLETED')
    await expect.poll(() => sfTasks[0]?.fields.Status, { timeout: 15_000 }).toBe('Completed')
    expect(callTasks(hubspot)).toHaveLength(1)
    expect(stepTasks(salesforce)).toHaveLength(1)
  })

  it('gives a lead whose CRM record is not written yet its task once the record exists, without spending attempts', async () => {
    const { w, hubspot, salesforce } = await start()
    // The contact's first upsert fails: the new-lead delivery retries in about 5 s, and the task waits for it.
    hubspot.answerWith({ path: '/crm/v3/objects/contacts/batch/upsert', status: 500 })
    const leadId = await w.hotLead('dana@prospect.test')
    await expect
      .poll(async () => (await taskDeliveries(w, leadId)).find((d) => d.channel === 'hubspot'), { timeout: 15_000 })
      .toMatchObject({ state: 'pending', attempts: 0 })
    expect(callTasks(hubspot)).toHaveLength(0)

    await expect.poll(() => callTasks(hubspot).length, { timeout: 20_000, interval: 100 }).toBe(1)
    expect(callTasks(hubspot)[0]?.associatedContactIds).toEqual([hubspot.liveContacts()[0]?.id])
    await expect
      .poll(() => taskDeliveries(w, leadId), { timeout: 10_000 })
      .toEqual([
        { channel: 'hubspot', kind: 'sequence-task', state: 'delivered', attempts: 1 },
        { channel: 'salesforce', kind: 'sequence-task', state: 'delivered', attempts: 1 },
      ])
    expect(stepTasks(salesforce)).toHaveLength(1)
  })
})
