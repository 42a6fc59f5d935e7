import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_OUTCOMES_CONFIG, FIXTURE_TEAM_YAML, seedReportFixture } from '../../../test/support/report-fixture.js'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, PASSWORD } from '../../../test/support/web-fixtures.js'
import { signIn } from '../../../test/support/web-session.js'
import { createOutcomes } from '../../outcomes/index.js'

let server: TestServer

beforeAll(async () => {
  server = await buildTestServer({ yaml: FIXTURE_TEAM_YAML })
  const outcomes = createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store: server.store, clock: server.clock })
  await seedReportFixture(server.store, server.clock, outcomes)
  server.clock.set(Date.parse('2026-12-01T00:00:00Z'))
  await addUsers(server.store, server.clock.now().getTime())
})
afterAll(() => server.close())

const open = async (email: string, url: string) => {
  const session = await signIn(server.app, email, PASSWORD)
  return server.app.inject({ url, headers: { cookie: session.cookie } })
}

describe('/reports', () => {
  it('shows a manager the SVG charts, the rep leaderboard and CSV links for the period', async () => {
    const res = await open('manager@example.com', '/reports?from=2026-11-23&to=2026-12-01')
    expect(res.statusCode).toBe(200)
    for (const chart of ['sla', 'ack-by-group', 'funnel', 'heatmap'])
      expect(res.body).toContain(`data-chart="${chart}"`)
    const rows = [...res.body.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>(\d+)<\/td><td>([^<]+)<\/td>/g)].map((m) =>
      m.slice(1),
    )
    // Fastest median acknowledgement first: Bob 12 min, Ann 980 min (16.3 h); the unassigned lead was never acknowledged.
    expect(rows).toEqual([
      ['Bob Brown', '2', '12.0 min'],
      ['Ann Archer', '3', '16.3 h'],
      ['Unassigned', '1', '–'],
    ])
    expect(res.body).toContain('12,000 USD')
    expect(res.body).toContain(
      'href="/reports/speed-to-lead.csv?from=2026-11-23T00%3A00%3A00.000Z&to=2026-12-01T00%3A00%3A00.000Z&groupBy=owner&includeTest=false"',
    )
    expect(res.body).toContain('6 leads submitted from 2026-11-23 to 2026-12-01')
  })

  it('serves the CSV it links to, the same as the API’s', async () => {
    const q = 'from=2026-11-23T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=form'
    const page = await open('manager@example.com', `/reports/conversion.csv?${q}`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/csv/)
    const api = await server.app.inject({
      url: `/api/reports/conversion?${q}&format=csv`,
      headers: { authorization: `Bearer ${TEST_API_TOKEN}` },
    })
    expect(page.body).toBe(api.body)
    expect((await open('manager@example.com', '/reports/nothing.csv')).statusCode).toBe(404)
    expect((await open('ana@example.com', `/reports/conversion.csv?${q}`)).statusCode).toBe(403)
  })

  it('escapes what comes from data, such as a form name', async () => {
    const res = await open('manager@example.com', '/reports?from=2026-11-23&to=2026-12-01&groupBy=form')
    expect(res.body).toContain('=HYPERLINK(&#34;http://x.test&#34;)')
    expect(res.body).not.toContain('=HYPERLINK("http')
  })

  it('is for managers and admins: a rep gets 403', async () => {
    expect((await open('ana@example.com', '/reports')).statusCode).toBe(403)
  })

  it('answers 400 with the reason for a period it cannot read', async () => {
    const res = await open('admin@example.com', '/reports?from=2026-12-02&to=2026-12-01')
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('to: must be after from')
  })
})
