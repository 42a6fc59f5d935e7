import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialectsUnderTest } from '../../test/support/dialects.js'
import { leadsRepository, subscriptionsRepository as repo, type Store } from './index.js'
import { up as recoverCampaigns } from './migrations/2026-12-02-12-lead-campaigns.js'

describe.each(dialectsUnderTest())("%s: LinkedIn's subscription lists", (dialect) => {
  let store: Store
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ store, cleanup } = await dialect.open())
  })
  afterAll(() => cleanup())

  const account = { owner: '{"sponsoredAccount":"urn:li:sponsoredAccount:1"}', leadType: 'SPONSORED' }
  const org = { owner: '{"organization":"urn:li:organization:2"}', leadType: 'COMPANY' }

  it('keeps the last list LinkedIn gave when a later ask fails, and drops the lists of owners no longer asked about', async () => {
    await repo.saveSnapshot(store.db, account, [{ id: '1', webhook: 'https://a/hook' }], 1000)
    await repo.saveSnapshot(store.db, org, [], 1000)
    await repo.saveSnapshotError(store.db, account, 'LinkedIn answered 503', 2000)
    await repo.saveSnapshotError(store.db, { owner: account.owner, leadType: 'EVENT' }, 'timeout', 2000)
    await repo.keepSnapshotsOf(store.db, [account, { owner: account.owner, leadType: 'EVENT' }])
    const rows = (await repo.listSnapshots(store.db)).map((r) => ({
      ...r,
      fetched_at: r.fetched_at && Number(r.fetched_at),
      checked_at: Number(r.checked_at),
    }))
    expect(rows).toEqual([
      {
        ...{ owner: account.owner, lead_type: 'EVENT', fetched_at: null, elements: null },
        checked_at: 2000,
        error: 'timeout',
      },
      {
        ...{ owner: account.owner, lead_type: 'SPONSORED', fetched_at: 1000 },
        ...{ elements: '[{"id":"1","webhook":"https://a/hook"}]', checked_at: 2000, error: 'LinkedIn answered 503' },
      },
    ])
    await repo.saveSnapshot(store.db, account, [], 3000)
    expect((await repo.listSnapshots(store.db)).find((r) => r.lead_type === 'SPONSORED')).toMatchObject({
      elements: '[]',
      error: null,
    })
  })

  it("keeps LinkedIn's last webhook states when a later ask fails, with the error beside them", async () => {
    const blocked = [{ developerApplication: null, webhookUrl: 'https://a/hook', webhookStatus: 'BLOCKED' }]
    expect(await repo.webhookStatuses(store.db)).toBeUndefined()
    await repo.saveWebhookStatuses(store.db, { error: 'LinkedIn refused (403)' }, 500)
    expect(await repo.webhookStatuses(store.db)).toMatchObject({ elements: null, error: 'LinkedIn refused (403)' })
    await repo.saveWebhookStatuses(store.db, { elements: blocked }, 1000)
    await repo.saveWebhookStatuses(store.db, { error: 'timeout' }, 2000)
    const row = await repo.webhookStatuses(store.db)
    expect({ ...row, fetched_at: Number(row?.fetched_at), checked_at: Number(row?.checked_at) }).toEqual({
      source: 'developerWebhooks',
      fetched_at: 1000,
      elements: JSON.stringify(blocked),
      checked_at: 2000,
      error: 'timeout',
    })
    await repo.clearWebhookStatuses(store.db)
    expect(await repo.webhookStatuses(store.db)).toBeUndefined()
  })

  it('recovers the campaign of leads stored before the column existed from their raw response', async () => {
    const lead = (id: string, raw: unknown) => ({
      ...{ id, urn: `urn:li:leadGenFormResponse:${id}`, status: 'enriched' as const, test: 0, source: 'webhook' },
      ...{ submitted_at: 1, received_at: 1, created_at: 1, updated_at: 1 },
      raw_response: raw === null ? null : JSON.stringify(raw),
    })
    await leadsRepository.insertLeadIfNew(
      store.db,
      lead('old', { leadMetadata: { sponsoredLeadMetadata: { campaign: 'urn:li:sponsoredCampaign:42' } } }),
    )
    await leadsRepository.insertLeadIfNew(store.db, lead('organic', { leadMetadata: {} }))
    await leadsRepository.insertLeadIfNew(store.db, lead('erased', null))
    await recoverCampaigns(store.db)
    const campaigns = await store.db.selectFrom('leads').select(['id', 'campaign']).orderBy('id').execute()
    expect(campaigns).toEqual([
      { id: 'erased', campaign: null },
      { id: 'old', campaign: 'urn:li:sponsoredCampaign:42' },
      { id: 'organic', campaign: null },
    ])
  })
})
