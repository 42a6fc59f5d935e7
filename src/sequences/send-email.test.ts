import { afterEach, describe, expect, it } from 'vitest'
import { startFakeSmtp } from '../../test/support/fakes/smtp.js'
import { createDeliverHandler } from '../channels/index.js'
import { loadConfig } from '../config/index.js'
import {
  createStore,
  deliveriesRepository,
  leadsRepository,
  migrateStore,
  outcomesRepository,
  type Store,
  sequencesRepository,
} from '../store/index.js'
import { createManualClock, silentLogger } from '../util/index.js'
import { createSequences } from './create-sequences.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function setUp() {
  const smtp = await startFakeSmtp()
  const store = await createStore({
    url: 'sqlite::memory:',
    sqliteSynchronous: 'FULL',
    postgresPoolSize: 1,
    commitTimeoutMs: 2000,
  })
  await migrateStore(store)
  const loaded = loadConfig({
    env: {},
    fileText: `
team:
  members: [{ id: ann, name: Ann West, timeZone: America/Chicago, mailbox: { from: ann@acme.test, smtpUrl: "${smtp.url}" } }]
  fallbackOwner: ann
compliance: { postalAddress: "Acme Robotics Inc., 100 Congress Ave, Austin, TX 78701" }
sequences:
  - name: s
    steps: [{ id: intro, type: email, subject: Hi, body: Hello }]
`,
  })
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error))
  const clock = createManualClock(Date.UTC(2026, 11, 1, 15))
  const sequences = createSequences(
    { ...loaded.value, defaultTimeZone: 'America/Chicago', baseUrl: 'http://leadrelay.example' },
    { store, clock, logger: silentLogger, key: async () => Buffer.alloc(32, 1) },
  )
  const deliver = createDeliverHandler({
    store,
    channels: new Map(),
    buildAlert: async () => undefined,
    clock,
    logger: silentLogger,
    senders: sequences.senders,
  })
  cleanups.push(async () => {
    await sequences.close()
    await store.close()
    await smtp.close()
  })
  return { smtp, store, deliver, clock }
}

/** A step handed to the delivery path: enrolment, `due` step with its Message-ID, pending delivery. */
async function queuedStep(
  store: Store,
  step: { smtp_accepted_at?: number },
  enrolmentState: 'active' | 'stopped' = 'active',
) {
  const id = await sequencesRepository.insertEnrolment(store.db, {
    lead_id: 'L1',
    sequence: 's',
    owner_id: 'ann',
    lead_email: 'dana@prospect.test',
    time_zone: 'America/Chicago',
    state: enrolmentState,
    enrolled_at: 1,
    updated_at: 1,
  })
  await sequencesRepository.insertSteps(store.db, [
    { enrolment_id: id as number, step_id: 'intro', position: 0, type: 'email', state: 'due', due_at: 1 },
  ])
  await sequencesRepository.updateStep(store.db, id as number, 'intro', {
    message_id: '<seq.1.intro.x@acme.test>',
    subject: 'Hi',
    body: 'Hello',
    ...(step.smtp_accepted_at ? { smtp_accepted_at: step.smtp_accepted_at } : {}),
  })
  const deliveryId = await deliveriesRepository.createDelivery(store.db, {
    leadId: 'L1',
    channel: 'sequence-mail',
    kind: 'sequence-email',
    key: `seq:${id}:intro`,
    state: 'pending',
    at: 1,
  })
  return deliveryId as number
}

const ctx = { jobId: 1, attempt: 2, maxAttempts: 60, signal: new AbortController().signal, logger: silentLogger }

describe('the sequence mail sender', () => {
  it('does not send again a step whose SMTP acceptance was recorded before a crash', async () => {
    const { smtp, store, deliver } = await setUp()
    const deliveryId = await queuedStep(store, { smtp_accepted_at: 12345 })
    expect(await deliver({ deliveryId }, ctx)).toEqual({ kind: 'done' })
    expect(smtp.messages).toHaveLength(0)
    expect((await deliveriesRepository.getDelivery(store.db, deliveryId))?.state).toBe('delivered')
  })

  it('sends a step not yet accepted, with its fixed Message-ID', async () => {
    const { smtp, store, deliver } = await setUp()
    const deliveryId = await queuedStep(store, {})
    expect(await deliver({ deliveryId }, ctx)).toEqual({ kind: 'done' })
    expect(smtp.messages.map((m) => m.header('message-id'))).toEqual(['<seq.1.intro.x@acme.test>'])
  })

  it('mutes, rather than fails, the delivery of a sequence that stopped meanwhile', async () => {
    const { smtp, store, deliver } = await setUp()
    const deliveryId = await queuedStep(store, {}, 'stopped')
    expect(await deliver({ deliveryId }, ctx)).toEqual({ kind: 'done' })
    expect(smtp.messages).toHaveLength(0)
    expect((await deliveriesRepository.getDelivery(store.db, deliveryId))?.state).toBe('muted')
  })

  it('counts the accepted e-mail as the lead’s first contact, at the moment SMTP accepted it', async () => {
    const { store, deliver, clock } = await setUp()
    await lead(store)
    const deliveryId = await queuedStep(store, {})
    expect(await deliver({ deliveryId }, ctx)).toEqual({ kind: 'done' })
    const [step] = await sequencesRepository.getSteps(store.db, 1)
    expect(step?.smtp_accepted_at).toBe(clock.now().getTime())
    expect((await leadsRepository.getLead(store.db, 'L1'))?.contacted_at).toBe(step?.smtp_accepted_at)
  })

  it('keeps an earlier contact (outcome contacted) as the first one', async () => {
    const { store, deliver, clock } = await setUp()
    await lead(store)
    const earlier = clock.now().getTime() - 3_600_000
    await outcomesRepository.writeOutcome(store.db, 'L1', {
      stage: 'contacted',
      at: earlier,
      by: 'ann',
      reason: null,
      amount: null,
      currency: null,
      contact: true,
      qualified: false,
    })
    const deliveryId = await queuedStep(store, {})
    expect(await deliver({ deliveryId }, ctx)).toEqual({ kind: 'done' })
    expect((await leadsRepository.getLead(store.db, 'L1'))?.contacted_at).toBe(earlier)
  })
})

async function lead(store: Store) {
  await leadsRepository.insertLeadIfNew(store.db, {
    id: 'L1',
    urn: 'urn:li:leadGenFormResponse:L1',
    status: 'enriched',
    received_at: 1,
    source: 'webhook',
    test: 0,
    fields: JSON.stringify({ firstName: 'Dana', email: 'dana@prospect.test' }),
    created_at: 1,
    updated_at: 1,
  })
}
