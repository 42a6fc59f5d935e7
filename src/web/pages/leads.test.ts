import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, insertLeads, leadRow, PASSWORD, TEAM_YAML } from '../../../test/support/web-fixtures.js'
import { signIn } from '../../../test/support/web-session.js'

let server: TestServer
let now: number

beforeEach(async () => {
  server = await buildTestServer({ yaml: TEAM_YAML })
  now = server.clock.now().getTime()
  await addUsers(server.store, now)
  await insertLeads(server.store, [
    leadRow('l1', now - 3 * 3_600_000, { owner_id: 'ana', name: 'Ada Byron', priority: 'hot', score: 85 }),
    leadRow('l2', now - 2 * 3_600_000, { owner_id: 'ben', name: 'Bea Stone', priority: 'cold', score: 10 }),
    leadRow('l3', now - 3_600_000, { owner_id: 'ana', name: 'Cy Young', priority: 'warm', score: 50, test: 1 }),
    leadRow('l4', now - 60_000, {
      owner_id: 'ana',
      name: 'Dee Ford',
      priority: 'hot',
      score: 90,
      acked_at: now - 30_000,
      acked_by: 'ana',
    }),
  ])
})
afterEach(async () => {
  await server.close()
})

const page = async (email: string, url = '/leads') => {
  const session = await signIn(server.app, email, PASSWORD)
  const res = await server.app.inject({ url, headers: { cookie: session.cookie } })
  return {
    status: res.statusCode,
    html: res.body,
    ids: [...res.body.matchAll(/<tr id="lead-([^"]+)"/g)].map((m) => m[1]),
  }
}

describe('Leads page', () => {
  it('shows a manager every lead, newest first, with owner, score, age and SLA', async () => {
    const { status, ids, html } = await page('manager@example.com')
    expect(status).toBe(200)
    expect(ids).toEqual(['l4', 'l3', 'l2', 'l1'])
    expect(html).toContain('Ada Byron')
    expect(html).toContain('Ana Ortiz')
    expect(html).toContain('85 hot')
    // l1 is hot, unacknowledged and 3 hours old: far past the 5-minute target.
    expect(html).toMatch(/<tr id="lead-l1" class="overdue">/)
    expect(html).toContain('overdue')
    expect(html).toContain('acked after')
  })

  it('shows a rep only the leads routed to them, whatever owner they ask for', async () => {
    expect((await page('ana@example.com')).ids).toEqual(['l4', 'l3', 'l1'])
    expect((await page('ben@example.com', '/leads?owner=ana')).ids).toEqual(['l2'])
  })

  it('filters by owner, priority, test leads and search', async () => {
    expect((await page('manager@example.com', '/leads?owner=ben')).ids).toEqual(['l2'])
    expect((await page('manager@example.com', '/leads?priority=hot')).ids).toEqual(['l4', 'l1'])
    expect((await page('manager@example.com', '/leads?test=hide')).ids).toEqual(['l4', 'l2', 'l1'])
    expect((await page('manager@example.com', '/leads?test=only')).ids).toEqual(['l3'])
    expect((await page('manager@example.com', '/leads?q=stone')).ids).toEqual(['l2'])
  })

  it('answers 400 with the reason for a filter it cannot read', async () => {
    const res = await page('manager@example.com', '/leads?priority=scorching')
    expect(res.status).toBe(400)
    expect(res.html).toContain('Bad filter: priority')
  })

  it('escapes what leads typed', async () => {
    await insertLeads(server.store, [leadRow('x1', now, { name: '<script>alert(1)</script> Evil' })])
    const { html } = await page('manager@example.com')
    expect(html).not.toContain('<script>alert(1)')
    expect(html).toContain('&lt;script>alert(1)&lt;/script> Evil')
  })
})
