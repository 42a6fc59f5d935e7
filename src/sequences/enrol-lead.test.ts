import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import { routeAndAlert } from '../pipeline/index.js'
import { createStore, leadsRepository, migrateStore, type Store, sequencesRepository } from '../store/index.js'
import { createManualClock, silentLogger } from '../util/index.js'
import { createSequences } from './create-sequences.js'
import { resolveMailbox } from './mailboxes.js'

const YAML = `
team:
  members:
    - { id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test } }
    - { id: bob, name: Bob East, timeZone: America/New_York, mailbox: { from: '"Bob E." <bob@acme.test>', smtpUrl: "smtp://own:1" } }
  fallbackOwner: ann
scoring:
  bands: { hot: 50, warm: 20 }
  rules: [{ name: VP, when: { field: jobTitle, regex: vp }, points: 60 }]
compliance: { postalAddress: "Acme Robotics Inc., 100 Congress Ave, Austin, TX 78701" }
mailbox: { smtpUrl: "smtp://shared:1", imapUrl: "imap://shared:pw@imap:143", dailyLimit: 50 }
sequences:
  - name: hot
    when: { field: priority, equals: hot }
    steps: [{ id: intro, type: email, subject: Hi, body: Hello }]
  - name: testers
    when: { field: jobTitle, regex: "vp|tester" }
    includeTestLeads: true
    steps: [{ id: call, type: task, task: call, text: Call }]
`

const stores: Store[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

async function setUp() {
  const loaded = loadConfig({ env: {}, fileText: YAML })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
  const config = loaded.value
  const store = await createStore({
    url: 'sqlite::memory:',
    sqliteSynchronous: 'FULL',
    postgresPoolSize: 1,
    commitTimeoutMs: 2000,
  })
  stores.push(store)
  await migrateStore(store)
  const clock = createManualClock(Date.UTC(2026, 11, 1, 15))
  const sequences = createSequences(
    { ...config, defaultTimeZone: 'America/Chicago', baseUrl: 'http://x' },
    { store, clock, logger: silentLogger, key: async () => Buffer.alloc(32) },
  )
  const settings = {
    team: config.team,
    scoring: config.scoring,
    routing: config.routing,
    channels: [],
    escalationMinutes: { hot: 0, warm: 0, cold: 0 },
  }
  async function lead(id: string, options: { title: string; test?: boolean; backfill?: boolean; state?: string }) {
    await leadsRepository.insertLeadIfNew(store.db, {
      id,
      urn: `urn:li:leadGenFormResponse:${id}`,
      status: 'enriched',
      received_at: 1,
      source: 'webhook',
      test: options.test ? 1 : 0,
      fields: JSON.stringify({ jobTitle: options.title, email: `${id}@p.test`, state: options.state ?? null }),
      created_at: 1,
      updated_at: 1,
    })
    await routeAndAlert({ store, clock, settings, onRouted: sequences.onRouted }, id, { alert: !options.backfill })
    return sequencesRepository.getEnrolmentByLead(store.db, id)
  }
  return { lead, config, sequences, store }
}

describe('enrolment', () => {
  it('enrols a routed lead in the first sequence it matches, in its own time zone', async () => {
    const { lead } = await setUp()
    expect(await lead('L1', { title: 'VP Sales', state: 'CA' })).toMatchObject({
      sequence: 'hot',
      owner_id: 'ann',
      lead_email: 'l1@p.test',
      time_zone: 'America/Los_Angeles',
      state: 'active',
    })
  })

  it('enrols LinkedIn test leads only in a sequence that asks for them', async () => {
    const { lead } = await setUp()
    // "hot" matches first but leaves test leads out; "testers" takes them.
    expect((await lead('T1', { title: 'VP Sales', test: true }))?.sequence).toBe('testers')
    expect((await lead('T2', { title: 'VP Sales' }))?.sequence).toBe('hot')
  })

  it('never enrols an old lead a backfill routed without alerting', async () => {
    const { lead } = await setUp()
    expect(await lead('B1', { title: 'VP Sales', backfill: true })).toBeUndefined()
  })

  it('leaves a lead no sequence matches alone', async () => {
    const { lead } = await setUp()
    expect(await lead('C1', { title: 'Intern' })).toBeUndefined()
  })
})

describe('outcomes', () => {
  it('stop the sequence on qualified, disqualified, won or lost, in the outcome’s transaction', async () => {
    const { lead, sequences, store } = await setUp()
    await lead('O1', { title: 'VP Sales' })
    await store.db.transaction().execute((trx) => sequences.onOutcome(trx, 'O1', 'contacted'))
    expect((await sequencesRepository.getEnrolmentByLead(store.db, 'O1'))?.state).toBe('active')
    await store.db.transaction().execute((trx) => sequences.onOutcome(trx, 'O1', 'won'))
    expect(await sequencesRepository.getEnrolmentByLead(store.db, 'O1')).toMatchObject({
      state: 'stopped',
      stop_reason: 'won',
    })
  })
})

describe('mailboxes', () => {
  it('sends from the member, with SMTP and IMAP from the shared mailbox unless the member has their own', async () => {
    const { config } = await setUp()
    const [ann, bob] = config.team?.members ?? []
    const shared = config.mailbox
    expect(ann && resolveMailbox(ann, shared)).toMatchObject({
      from: '"Ann West" <ann@acme.test>',
      smtpUrl: 'smtp://shared:1',
      imapUrl: 'imap://shared:pw@imap:143',
      dailyLimit: 50,
    })
    expect(bob && resolveMailbox(bob, shared)).toMatchObject({
      from: '"Bob E." <bob@acme.test>',
      address: 'bob@acme.test',
      smtpUrl: 'smtp://own:1',
    })
  })
})
