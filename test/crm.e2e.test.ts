import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../src/util/index.js'
import { type FakeHubSpot, startFakeHubSpot } from './support/fakes/fake-hubspot.js'
import { type FakeSalesforce, startFakeSalesforce } from './support/fakes/fake-salesforce.js'
import { formNamed, startWorld, type World } from './support/relay-with-simulator.js'

let world: World | undefined
let hubspot: FakeHubSpot | undefined
let salesforce: FakeSalesforce | undefined
afterEach(async () => {
  await world?.close()
  await hubspot?.close()
  await salesforce?.close()
})

describe('CRM sync', () => {
  it('puts one lead, owned by the routed rep, with a task, in HubSpot and Salesforce; DELETED removes both', async () => {
    hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
    salesforce = await startFakeSalesforce({ clientId: 'sf-client', clientSecret: 'sf-secret' })
    world = await startWorld({
      env: { BACKFILL_DAYS: '0', ESCALATE_HOT_MINUTES: '0', ESCALATE_WARM_MINUTES: '0' },
      yaml: `
team:
  members:
    - { id: ann, name: Ann West, email: ann@example.com, timeZone: America/Los_Angeles }
  fallbackOwner: ann
routing:
  rules:
    - { name: Everyone, assign: { owner: ann }, respectWorkingHours: false }
channels:
  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001" } }
  - { type: salesforce, name: salesforce, loginUrl: "${salesforce.url}", clientId: sf-client, clientSecret: sf-secret, owners: { ann: "005000000000ANN" } }
`,
    })
    const w = world
    const { lead } = await w.simulator.submitLead({
      formId: formNamed(w.simulator, 'Request a demo'),
      answers: {
        FIRST_NAME: 'Dana',
        LAST_NAME: 'Reyes',
        WORK_EMAIL: 'dana@acme-robotics.com',
        COMPANY_NAME: 'Acme Robotics',
      },
      duplicates: 1,
    })
    const delivered = async () =>
      (
        await w.relay.store.db
          .selectFrom('deliveries')
          .select(['channel', 'state'])
          .where('lead_id', '=', lead.id)
          .execute()
      )
        .filter((d) => d.state === 'delivered')
        .map((d) => d.channel)
        .sort()
    await expect.poll(delivered, { timeout: 15_000 }).toEqual(['hubspot', 'salesforce'])

    const contacts = hubspot.liveContacts()
    expect(contacts).toHaveLength(1)
    expect(contacts[0]?.properties).toMatchObject({
      email: 'dana@acme-robotics.com',
      firstname: 'Dana',
      hubspot_owner_id: '77001',
    })
    expect([...hubspot.tasks.values()]).toHaveLength(1)
    expect([...hubspot.tasks.values()][0]?.properties.hubspot_owner_id).toBe('77001')

    const leads = [...salesforce.leads.values()]
    expect(leads).toHaveLength(1)
    expect(leads[0]?.fields).toMatchObject({
      LastName: 'Reyes',
      Company: 'Acme Robotics',
      OwnerId: '005000000000ANN',
      LeadSource: 'LinkedIn Lead Gen',
    })
    expect([...salesforce.tasks.values()]).toHaveLength(1)
    expect([...salesforce.tasks.values()][0]?.fields.OwnerId).toBe('005000000000ANN')

    await w.simulator.deleteLead(lead.id)
    await expect.poll(() => hubspot?.liveContacts().length, { timeout: 15_000 }).toBe(0)
    await expect.poll(() => salesforce?.leads.size, { timeout: 15_000 }).toBe(0)
    const timeline = await w.relay.store.db
      .selectFrom('lead_timeline')
      .select('kind')
      .where('lead_id', '=', lead.id)
      .execute()
    expect(timeline.filter((t) => t.kind === 'downstream-deleted')).toHaveLength(2)
    const pending = await w.relay.store.db
      .selectFrom('downstream_deletions')
      .select('done_at')
      .where('lead_id', '=', lead.id)
      .execute()
    expect(pending.every((p) => p.done_at !== null)).toBe(true)
  })

  it('never writes a test lead to a CRM unless the channel opts in', async () => {
    hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
    world = await startWorld({
      env: { BACKFILL_DAYS: '0' },
      yaml: `channels:\n  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}" }\n`,
    })
    const w = world
    const { lead } = await w.simulator.submitLead({ testLead: true })
    await expect
      .poll(
        async () =>
          (
            await w.relay.store.db
              .selectFrom('deliveries')
              .select('state')
              .where('lead_id', '=', lead.id)
              .executeTakeFirst()
          )?.state,
        { timeout: 15_000 },
      )
      .toBe('muted')
    expect(hubspot.contacts.size).toBe(0)
  })

  it('gives a lead to the rep who already owns the contact in HubSpot, else falls through to the next rule', async () => {
    hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
    hubspot.addContact({ email: 'known@globex.com', firstname: 'Known', hubspot_owner_id: '77002' })
    world = await startWorld({
      env: { BACKFILL_DAYS: '0', ESCALATE_HOT_MINUTES: '0', ESCALATE_WARM_MINUTES: '0' },
      yaml: `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Los_Angeles }
    - { id: bob, name: Bob East, timeZone: America/New_York }
  fallbackOwner: ann
routing:
  rules:
    - { name: Existing owner, assign: { existingOwner: [hubspot] }, respectWorkingHours: false }
    - { name: Everyone else, assign: { owner: ann }, respectWorkingHours: false }
channels:
  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001", bob: "77002" } }
`,
    })
    const w = world
    const form = formNamed(w.simulator, 'Request a demo')
    const { lead: known } = await w.simulator.submitLead({ formId: form, answers: { WORK_EMAIL: 'known@globex.com' } })
    const { lead: stranger } = await w.simulator.submitLead({
      formId: form,
      answers: { WORK_EMAIL: 'new@initech.com' },
    })
    const owner = async (id: string) =>
      (await w.relay.store.db.selectFrom('leads').select('owner_id').where('id', '=', id).executeTakeFirst())
        ?.owner_id ?? null
    await expect.poll(() => owner(known.id), { timeout: 15_000 }).toBe('bob')
    await expect.poll(() => owner(stranger.id), { timeout: 15_000 }).toBe('ann')
    const routing = await w.relay.store.db
      .selectFrom('leads')
      .select('routing')
      .where('id', '=', known.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(routing.routing as string).decision).toMatchObject({
      ruleName: 'Existing owner',
      strategy: 'existing-owner',
    })
  })

  it('logs and counts a CRM lookup that fails, and lets the next rule decide', async () => {
    hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
    hubspot.addContact({ email: 'known@globex.com', firstname: 'Known', hubspot_owner_id: '77002' })
    hubspot.answerWith({
      path: '/crm/v3/objects/contacts/search',
      status: 401,
      body: { category: 'INVALID_AUTHENTICATION' },
    })
    const logs: string[] = []
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk))
          done()
        },
      }),
    })
    world = await startWorld({
      logger,
      env: { BACKFILL_DAYS: '0', ESCALATE_HOT_MINUTES: '0', ESCALATE_WARM_MINUTES: '0' },
      yaml: `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Los_Angeles }
    - { id: bob, name: Bob East, timeZone: America/New_York }
  fallbackOwner: ann
routing:
  rules:
    - { name: Existing owner, assign: { existingOwner: [hubspot] }, respectWorkingHours: false }
    - { name: Everyone else, assign: { owner: ann }, respectWorkingHours: false }
channels:
  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001", bob: "77002" } }
`,
    })
    const w = world
    const { lead } = await w.simulator.submitLead({
      formId: formNamed(w.simulator, 'Request a demo'),
      answers: { WORK_EMAIL: 'known@globex.com' },
    })
    // Bob owns the contact in HubSpot, but HubSpot could not be asked: the next rule gives the lead to Ann.
    await expect
      .poll(async () => (await w.api<{ ownerId: string | null }>(`/api/leads/${lead.id}`)).body.ownerId, {
        timeout: 15_000,
      })
      .toBe('ann')
    const failure = logs.map((line) => JSON.parse(line)).find((l) => l.msg?.includes('CRM owner lookup failed'))
    expect(failure).toMatchObject({ channel: 'hubspot', reason: expect.stringContaining('HTTP 401') })
    expect(logs.join('')).not.toContain('known@globex.com')
    const metrics = await (await fetch(`${w.relayUrl}/metrics`)).text()
    expect(metrics).toContain('leadrelay_crm_lookup_failures_total{channel="hubspot"} 1')
  })
})
