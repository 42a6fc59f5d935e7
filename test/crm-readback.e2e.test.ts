import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../src/util/index.js'
import { type FakeHubSpot, startFakeHubSpot } from './support/fakes/fake-hubspot.js'
import { type FakeSalesforce, startFakeSalesforce } from './support/fakes/fake-salesforce.js'
import { API_TOKEN, formNamed, startWorld, type World } from './support/relay-with-simulator.js'

let world: World
let hubspot: FakeHubSpot
let salesforce: FakeSalesforce
const clock = createManualClock(Date.now())

beforeAll(async () => {
  hubspot = await startFakeHubSpot({ accessToken: 'pat-na1-test', customContactProperties: ['leadrelay_task_ref'] })
  salesforce = await startFakeSalesforce({ clientId: 'sf-client', clientSecret: 'sf-secret' })
  world = await startWorld({
    clock,
    env: { BACKFILL_DAYS: '0', ESCALATE_HOT_MINUTES: '0', ESCALATE_WARM_MINUTES: '0' },
    yaml: `
team:
  members:
    - { id: ann, name: Ann West, email: ann@example.com, timeZone: America/Los_Angeles }
  fallbackOwner: ann
routing:
  rules:
    - { name: Everyone, assign: { owner: ann }, respectWorkingHours: false }
outcomes:
  crmPollMinutes: 1
channels:
  - { type: hubspot, name: hubspot, accessToken: pat-na1-test, apiUrl: "${hubspot.apiUrl}", owners: { ann: "77001" } }
  - { type: salesforce, name: salesforce, loginUrl: "${salesforce.url}", clientId: sf-client, clientSecret: sf-secret, owners: { ann: "005000000000ANN" } }
`,
  })
})
afterAll(async () => {
  await world?.close()
  await hubspot?.close()
  await salesforce?.close()
})

async function syncedLead(email: string) {
  const { lead } = await world.simulator.submitLead({
    formId: formNamed(world.simulator, 'Request a demo'),
    answers: { FIRST_NAME: 'Dana', LAST_NAME: 'Reyes', WORK_EMAIL: email, COMPANY_NAME: 'Acme Robotics' },
  })
  const deliveries = () =>
    world.relay.store.db
      .selectFrom('deliveries')
      .select(['channel', 'state', 'external_id'])
      .where('lead_id', '=', lead.id)
      .execute()
  await expect
    .poll(async () => (await deliveries()).filter((d) => d.state === 'delivered').length, { timeout: 20_000 })
    .toBe(2)
  const rows = await deliveries()
  return {
    id: lead.id,
    hubspotId: rows.find((d) => d.channel === 'hubspot')?.external_id as string,
    salesforceId: rows.find((d) => d.channel === 'salesforce')?.external_id as string,
  }
}

const outcomeOf = async (id: string) =>
  world.relay.store.db
    .selectFrom('leads')
    .select(['outcome', 'outcome_by', 'won_amount', 'won_currency', 'qualified_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

/** The next read-back poll is due a minute on; the worker runs it when told jobs are there. */
async function nextPoll() {
  clock.advance(61_000)
  world.relay.store.notifyJobs()
}

describe('outcomes read back from the CRMs', () => {
  it('shows a lead as qualified once its HubSpot contact is a sales qualified lead, and won from a Salesforce Opportunity', async () => {
    const a = await syncedLead('dana@acme-robotics.com')
    const b = await syncedLead('lee@globex.example')
    expect((await outcomeOf(a.id)).outcome).toBeNull()

    const contact = hubspot.contacts.get(a.hubspotId)
    if (!contact) throw new Error('no HubSpot contact')
    contact.properties.lifecyclestage = 'SALES_QUALIFIED_LEAD'
    salesforce.convertLead(b.salesforceId, { stage: 'Closed Won', amount: 48_000 })

    await nextPoll()
    await expect.poll(async () => (await outcomeOf(a.id)).outcome, { timeout: 20_000, interval: 250 }).toBe('qualified')
    await expect.poll(async () => (await outcomeOf(b.id)).outcome, { timeout: 20_000, interval: 250 }).toBe('won')
    expect(await outcomeOf(b.id)).toMatchObject({ outcome_by: 'salesforce', won_amount: 48_000, won_currency: 'USD' })
    expect((await outcomeOf(b.id)).qualified_at).not.toBeNull()
    const timeline = await world.api<{ timeline: { kind: string; detail: string }[] }>(`/api/leads/${a.id}`)
    expect(timeline.body.timeline.find((t) => t.kind === 'outcome')?.detail).toBe('qualified by hubspot via hubspot')
  }, 90_000)

  it('never moves a lead backwards when the CRM still says an earlier stage', async () => {
    const c = await syncedLead('kim@initech.example')
    const won = await fetch(`${world.relayUrl}/api/leads/${c.id}/outcome`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'won', amount: 900, currency: 'EUR' }),
    })
    expect(won.status).toBe(200)
    salesforce.setLeadStatus(c.salesforceId, 'Working - Contacted')
    const nextRun = async () =>
      Math.max(
        ...(
          await world.relay.store.db.selectFrom('jobs').select('run_at').where('name', '=', 'crm-poll').execute()
        ).map((j) => Number(j.run_at)),
      )
    const before = await nextRun()
    await nextPoll()
    // The poll has run once the one after it is queued; then nothing may have moved.
    await expect.poll(nextRun, { timeout: 20_000, interval: 250 }).toBeGreaterThan(before)
    expect(await outcomeOf(c.id)).toMatchObject({ outcome: 'won', won_amount: 900, won_currency: 'EUR' })
  }, 90_000)
})
