import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { enqueue } from '../jobs/index.js'
import { deliveriesRepository as repo, type Store } from './index.js'

describe.each(dialectsUnderTest())('%s: task deliveries', (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterAll(() => cleanup())

  async function delivery(key: string, kind: 'new-lead' | 'sequence-task', runAt?: number) {
    const id = await repo.createDelivery(store.db, {
      leadId: 'L1',
      channel: 'hubspot',
      kind,
      key,
      state: 'pending',
      at: 1,
    })
    if (id === undefined) throw new Error('not created')
    if (runAt !== undefined)
      await enqueue(store.db, 'deliver', { deliveryId: id }, new Date(1), {
        key: `deliver:${id}`,
        runAt: new Date(runAt),
      })
    return id
  }

  it('finds a delivery by its key with its job, or without one', async () => {
    const record = await delivery('L1:hubspot:new-lead', 'new-lead', 5_000)
    expect(await repo.getDeliveryByKey(store.db, 'L1:hubspot:new-lead')).toMatchObject({
      id: record,
      next_run_at: 5_000,
    })
    expect((await repo.getDeliveryByKey(store.db, 'L1:hubspot:new-lead'))?.job_id).toEqual(expect.any(Number))
    const alone = await delivery('seq:1:call:hubspot:done', 'sequence-task')
    expect(await repo.getDeliveryByKey(store.db, 'seq:1:call:hubspot:done')).toMatchObject({
      id: alone,
      job_id: null,
      next_run_at: null,
    })
    expect(await repo.getDeliveryByKey(store.db, 'nope')).toBeUndefined()
  })

  it('makes the lead’s waiting task deliveries on that channel due now, and nothing else', async () => {
    const task = await delivery('seq:1:call:hubspot', 'sequence-task', 60_000)
    expect(await repo.wakeWaitingTasks(store.db, 'L1', 'hubspot', 2_000)).toBe(1)
    expect((await repo.getDeliveryByKey(store.db, 'seq:1:call:hubspot'))?.next_run_at).toBe(2_000)
    // The new-lead delivery's own job is not a task's: it keeps its time.
    expect((await repo.getDeliveryByKey(store.db, 'L1:hubspot:new-lead'))?.next_run_at).toBe(5_000)
    expect(await repo.wakeWaitingTasks(store.db, 'L1', 'salesforce', 2_000)).toBe(0)
    expect(task).toEqual(expect.any(Number))
  })
})
