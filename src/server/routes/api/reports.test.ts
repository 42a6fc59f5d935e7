import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FIXTURE_OUTCOMES_CONFIG,
  FIXTURE_TEAM_YAML,
  seedReportFixture,
} from '../../../../test/support/report-fixture.js'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../../test/support/test-server.js'
import { createOutcomes } from '../../../outcomes/index.js'
import { csvCell, flatten } from '../../../reports/index.js'

let server: TestServer
const range = 'from=2026-11-23T00:00:00Z&to=2026-12-01T00:00:00Z'

beforeAll(async () => {
  server = await buildTestServer({
    env: { SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/slack', HUBSPOT_ACCESS_TOKEN: 'pat-test' },
    yaml: FIXTURE_TEAM_YAML,
  })
  const outcomes = createOutcomes(FIXTURE_OUTCOMES_CONFIG, { store: server.store, clock: server.clock })
  await seedReportFixture(server.store, server.clock, outcomes)
  server.clock.set(Date.parse('2026-12-01T00:00:00Z'))
})
afterAll(() => server.close())

const get = (url: string) =>
  server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TEST_API_TOKEN}` } })

/** RFC 4180: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  return rows
}

describe('GET /api/reports/*', () => {
  it('serves speed-to-lead in the documented shape, the CRM write not counted as the alert', async () => {
    const res = await get(`/api/reports/speed-to-lead?${range}&groupBy=owner`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['from', 'to', 'groupBy', 'total', 'groups']))
    expect(body).toMatchObject({ from: '2026-11-23T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', groupBy: 'owner' })
    const S = ['count', 'p50Ms', 'p90Ms', 'maxMs', 'businessP50Ms', 'businessP90Ms']
    for (const group of [body.total, ...body.groups]) {
      for (const key of ['key', 'label', 'leads', 'toAlert', 'toAck', 'toContact', 'slaBands'])
        expect(group).toHaveProperty(key)
      for (const s of ['toAlert', 'toAck', 'toContact']) expect(Object.keys(group[s]).sort()).toEqual([...S].sort())
      expect(Object.keys(group.slaBands)).toEqual(['0-5m', '5-15m', '15-60m', '60m+', 'never'])
    }
    // L1's HubSpot write landed after 15 s, its Slack alert after 1 minute: the alert is what counts.
    expect(body.groups[0]).toMatchObject({ key: 'ann', toAlert: { count: 3, p50Ms: 120_000, maxMs: 180_000 } })
  })

  it('serves conversion with rates as fractions of leads', async () => {
    const body = (await get(`/api/reports/conversion?${range}&groupBy=owner`)).json()
    expect(body.total).toMatchObject({
      leads: 6,
      qualified: 2,
      won: 1,
      qualifiedRate: 2 / 6,
      wonRate: 1 / 6,
      wonAmount: 12000,
    })
    for (const group of [body.total, ...body.groups])
      expect(Object.keys(group)).toEqual(
        expect.arrayContaining([
          'key',
          'label',
          'leads',
          'acknowledged',
          'contacted',
          'qualified',
          'disqualified',
          'won',
          'lost',
          'qualifiedRate',
          'wonRate',
          'wonAmount',
        ]),
      )
  })

  for (const [name, groupBy] of [
    ['speed-to-lead', 'form'],
    ['conversion', 'form'],
    ['conversion', 'day'],
    ['speed-to-lead', 'owner'],
  ] as const) {
    it(`gives the same rows as CSV as the JSON (${name} by ${groupBy})`, async () => {
      const json = (await get(`/api/reports/${name}?${range}&groupBy=${groupBy}`)).json()
      const res = await get(`/api/reports/${name}?${range}&groupBy=${groupBy}&format=csv`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/csv/)
      const [header, ...rows] = parseCsv(res.body)
      const expected = [json.total, ...json.groups].map((g: Record<string, unknown>) => flatten(g))
      expect(rows).toHaveLength(expected.length)
      rows.forEach((row, i) => {
        const object = Object.fromEntries((header as string[]).map((column, j) => [column, row[j]]))
        const want = expected[i] as Record<string, string | number | null>
        // Every JSON field is a column and reads back as the JSON value; a column only other rows have (a
        // disqualification reason, a currency) is empty here.
        expect(Object.keys(object)).toEqual(expect.arrayContaining(Object.keys(want)))
        for (const [column, cell] of Object.entries(object)) {
          const value = want[column]
          expect(cell).toBe(
            typeof value === 'string' && /^[=+\-@]/.test(value)
              ? `'${value}`
              : value === null || value === undefined
                ? ''
                : String(value),
          )
        }
      })
    })
  }

  it('neutralises a form name that a spreadsheet would run as a formula', async () => {
    const res = await get(`/api/reports/conversion?${range}&groupBy=form&format=csv`)
    expect(res.body).toContain(`"'=HYPERLINK(""http://x.test"")"`)
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m)
    expect(res.body).toContain('"Pricing, 2026"')
    expect(csvCell('-1+2')).toBe("'-1+2")
    expect(csvCell(-5)).toBe('-5')
  })

  it('includes test leads only when asked', async () => {
    expect((await get(`/api/reports/speed-to-lead?${range}`)).json().total.leads).toBe(6)
    expect((await get(`/api/reports/speed-to-lead?${range}&includeTest=true`)).json().total.leads).toBe(7)
  })

  it('answers 400 naming the parameter for a bad groupBy, a bad date or a reversed range', async () => {
    const bad = await get(`/api/reports/speed-to-lead?groupBy=colour`)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toMatch(/^groupBy:/)
    expect((await get('/api/reports/conversion?from=yesterday')).json().message).toMatch(/^from:/)
    expect((await get('/api/reports/conversion?from=2026-11-02&to=2026-11-01')).statusCode).toBe(400)
  })

  it('needs the API token', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/reports/speed-to-lead' })
    expect(res.statusCode).toBe(401)
  })

  it('serves fairness, ageing, scoring and heatmap as JSON and CSV', async () => {
    for (const name of ['fairness', 'ageing', 'scoring', 'heatmap']) {
      const json = await get(`/api/reports/${name}?${range}`)
      expect(json.statusCode).toBe(200)
      const csv = await get(`/api/reports/${name}?${range}&format=csv`)
      expect(csv.statusCode).toBe(200)
    }
    const heat = parseCsv((await get(`/api/reports/heatmap?${range}&format=csv`)).body)
    expect(heat[0]).toEqual(['weekday', 'hour', 'leads', 'acknowledged', 'medianAckMs'])
    expect(heat).toHaveLength(1 + 7 * 24)
  })
})
