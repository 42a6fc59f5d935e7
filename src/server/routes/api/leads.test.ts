import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../../test/support/test-server.js'
import { leadsRepository, type NewLeadRow } from '../../../store/index.js'

let server: TestServer
const T = Date.UTC(2026, 10, 27, 12)

function lead(id: string, overrides: Partial<NewLeadRow> & { name?: string; email?: string } = {}): NewLeadRow {
  const { name = 'Ann Lee', email = `${id}@acme.com`, ...row } = overrides
  const [firstName, lastName] = name.split(' ')
  return {
    id,
    urn: `urn:li:leadGenFormResponse:${id}`,
    status: 'enriched',
    lead_type: 'SPONSORED',
    form_id: '100',
    form_version: 1,
    owner: JSON.stringify({ sponsoredAccount: 'urn:li:sponsoredAccount:1' }),
    submitted_at: T - 60_000,
    received_at: T,
    test: 0,
    source: 'webhook',
    fields: JSON.stringify({ firstName, lastName, email, company: 'Acme', warnings: [] }),
    search_text: `${name} ${email} acme`.toLowerCase(),
    created_at: T,
    updated_at: T,
    ...row,
  }
}

beforeEach(async () => {
  server = await buildTestServer()
  const rows = [
    lead('a', { received_at: T - 3 * 86_400_000, name: 'Ann Lee' }),
    lead('b', {
      received_at: T - 2 * 86_400_000,
      lead_type: 'EVENT',
      owner: '{"organization":"urn:li:organization:9"}',
    }),
    lead('c', { received_at: T - 86_400_000, test: 1, form_id: '200', name: 'Bob Stone' }),
    lead('d', { received_at: T, status: 'deleted', fields: null, search_text: null, deleted_at: T }),
  ]
  for (const row of rows) await leadsRepository.insertLeadIfNew(server.store.db, row)
  await leadsRepository.addTimeline(server.store.db, 'a', 'received', T - 3 * 86_400_000, 'notification 1')
})
afterEach(async () => {
  await server.close()
})

const get = async (url: string) => {
  const res = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_API_TOKEN}` } })
  return { status: res.statusCode, body: res.json() }
}
const ids = (body: { leads: { id: string }[] }) => body.leads.map((l) => l.id)

describe('GET /api/leads', () => {
  it('lists newest first with cursor paging', async () => {
    const first = await get('/api/leads?limit=3')
    expect(ids(first.body)).toEqual(['d', 'c', 'b'])
    const second = await get(`/api/leads?limit=3&cursor=${first.body.nextCursor}`)
    expect(ids(second.body)).toEqual(['a'])
    expect(second.body.nextCursor).toBeNull()
  })

  it.each([
    ['leadType=EVENT', ['b']],
    ['status=deleted', ['d']],
    ['test=true', ['c']],
    ['test=false', ['d', 'b', 'a']],
    ['form=200', ['c']],
    ['form=urn:li:leadGenForm:200', ['c']],
    ['owner=urn:li:organization:9', ['b']],
    ['q=BOB', ['c']],
    ['q=acme.com', ['c', 'b', 'a']],
    [`since=${new Date(T - 36 * 3_600_000).toISOString()}`, ['d', 'c']],
    [`until=${T - 86_400_000}`, ['b', 'a']],
    ['since=30h', ['d', 'c']],
  ])('filters by %s', async (query, expected) => {
    expect(ids((await get(`/api/leads?${query}`)).body)).toEqual(expected)
  })

  it('rejects a bad filter with 400 naming it', async () => {
    const res = await get('/api/leads?since=yesterday-ish')
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('since')
    expect((await get('/api/leads?cursor=garbage')).status).toBe(400)
  })
})

describe('GET /api/leads/:id', () => {
  it('shows a lead by id or by URN, with its fields and timeline', async () => {
    for (const key of ['a', encodeURIComponent('urn:li:leadGenFormResponse:a')]) {
      const res = await get(`/api/leads/${key}`)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({
        id: 'a',
        status: 'enriched',
        fields: { firstName: 'Ann', email: 'a@acme.com' },
        timeline: [{ kind: 'received', detail: 'notification 1', shownAt: '11/24/2026 07:00 AM EST' }],
        display: { timeZone: 'America/New_York' },
      })
    }
  })

  it('shows a deleted lead as a tombstone', async () => {
    const res = await get('/api/leads/d')
    expect(res.body).toMatchObject({ id: 'd', status: 'deleted', fields: null, deletedAt: new Date(T).toISOString() })
  })

  it('answers 404 for a lead it never saw', async () => {
    expect((await get('/api/leads/nope')).status).toBe(404)
  })
})
