import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeHubSpot, startFakeHubSpot } from '../../test/support/fakes/fake-hubspot.js'
import { sendContext } from '../../test/support/fakes/lead-alert.js'
import { createManualClock } from '../util/index.js'
import { createHubSpotChannel } from './hubspot.js'

const TOKEN = 'pat-na1-test'
let hubspot: FakeHubSpot

beforeEach(async () => {
  hubspot = await startFakeHubSpot({ accessToken: TOKEN, customContactProperties: ['leadrelay_task_ref'] })
})
afterEach(async () => {
  await hubspot.close()
})

const channel = () =>
  createHubSpotChannel({
    name: 'hubspot',
    accessToken: TOKEN,
    apiUrl: hubspot.apiUrl,
    owners: { 'm-1': '77001' },
    taskDue: { hot: 15, warm: 120, cold: 1440 },
    deletion: 'delete',
    clock: createManualClock(new Date('2026-03-14T16:30:00Z')),
  })

describe('HubSpot: a sequence task step', () => {
  const stepTask = (contactId: string) => ({
    leadId: 'L1',
    recordId: contactId,
    ownerMemberId: 'm-1',
    call: true,
    subject: 'Call Dana',
    body: 'Hi Dana',
    due: new Date('2026-03-14T17:00:00Z'),
    status: 'open' as const,
    taskKey: 'seq:1:call:hubspot',
    taskId: null,
  })

  it('finds its task on a retry after an answerless failure, even when a later task step overwrote the record', async () => {
    const contact = hubspot.addContact({ email: 'dana@acme.example' })
    // The first attempt's POST reached HubSpot, but its answer never came back.
    hubspot.answerWith({ path: '/crm/v3/objects/tasks', bodyIncludes: 'seq:1:call:hubspot', status: 504 })
    const first = await channel().sendTask?.(
      stepTask(contact.id),
      sendContext({ idempotencyKey: 'seq:1:call:hubspot' }),
    )
    expect(first?.kind).toBe('retry')
    hubspot.addTask(contact.id, { hs_task_body: 'Hi Dana\n\nLeadRelay ref: seq:1:call:hubspot' })
    await channel().sendTask?.(
      { ...stepTask(contact.id), taskKey: 'seq:1:connect:hubspot', call: false },
      sendContext({ idempotencyKey: 'seq:1:connect:hubspot' }),
    )
    const retried = await channel().sendTask?.(
      stepTask(contact.id),
      sendContext({ idempotencyKey: 'seq:1:call:hubspot', attempt: 2 }),
    )
    expect(retried?.kind).toBe('delivered')
    const calls = [...hubspot.tasks.values()].filter((t) => t.properties.hs_task_body?.endsWith('seq:1:call:hubspot'))
    expect(calls).toHaveLength(1)
  })

  it('after a kill -9 between creating the task and recording it, attempt 1 again finds it instead of making another', async () => {
    const contact = hubspot.addContact({ email: 'dana@acme.example', leadrelay_task_ref: 'seq:1:call:hubspot pending' })
    const made = hubspot.addTask(contact.id, { hs_task_body: 'Hi Dana\n\nLeadRelay ref: seq:1:call:hubspot' })
    const outcome = await channel().sendTask?.(
      stepTask(contact.id),
      sendContext({ idempotencyKey: 'seq:1:call:hubspot' }),
    )
    expect(outcome).toEqual({ kind: 'delivered', externalId: made.id })
    expect(hubspot.tasks.size).toBe(1)
    expect(contact.properties.leadrelay_task_ref).toBe(`seq:1:call:hubspot ${made.id}`)
  })

  it('after a kill -9, attempt 1 again finds its task even when another lead of the same contact overwrote the record', async () => {
    // Two leads, one person: the other lead's delivery wrote the contact's record after our task was made.
    const contact = hubspot.addContact({ email: 'dana@acme.example', leadrelay_task_ref: 'lead:L2:hubspot 9001' })
    const made = hubspot.addTask(contact.id, { hs_task_body: 'Hi Dana\n\nLeadRelay ref: seq:1:call:hubspot' })
    // A killed attempt is never counted, so the retry is attempt 1 again.
    const outcome = await channel().sendTask?.(
      stepTask(contact.id),
      sendContext({ idempotencyKey: 'seq:1:call:hubspot' }),
    )
    expect(outcome).toEqual({ kind: 'delivered', externalId: made.id })
    expect(hubspot.tasks.size).toBe(1)
  })

  it('marks the task COMPLETED when the rep has done the step', async () => {
    const contact = hubspot.addContact({ email: 'dana@acme.example' })
    const created = await channel().sendTask?.(
      stepTask(contact.id),
      sendContext({ idempotencyKey: 'seq:1:call:hubspot' }),
    )
    const taskId = created?.kind === 'delivered' ? (created.externalId ?? null) : null
    const task = hubspot.tasks.get(taskId ?? '')
    expect(task?.properties).toMatchObject({
      hs_task_type: 'CALL',
      hs_task_subject: 'Call Dana',
      hubspot_owner_id: '77001',
    })
    await channel().sendTask?.(
      { ...stepTask(contact.id), status: 'completed', taskId },
      sendContext({ idempotencyKey: 'seq:1:call:hubspot:done' }),
    )
    expect(task?.properties.hs_task_status).toBe('COMPLETED')
  })
})
