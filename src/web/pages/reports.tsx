import {
  GROUP_BY,
  type GroupBy,
  parseReportQuery,
  REPORT_NAMES,
  type ReportName,
  type Reports,
} from '../../reports/index.js'
import { allow } from '../auth/guard.js'
import { ColumnChart, Heatmap, HorizontalBars } from '../charts/svg-charts.js'
import { Layout } from '../components/layout.js'
import { sendHtml, type WebPage } from './page.js'

const GROUP_LABELS: Record<GroupBy, string> = {
  owner: 'Rep',
  leadType: 'Lead type',
  form: 'Form',
  campaign: 'Campaign',
  rule: 'Routing rule',
  day: 'Day',
  week: 'Week',
}

export function minutes(ms: number | null): string {
  if (ms === null) return '–'
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}
const percent = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)} %`)
const day = (iso: string) => iso.slice(0, 10)

type Speed = Awaited<ReturnType<Reports['speed']>>
type Conversion = Awaited<ReturnType<Reports['conversion']>>

/** One row per rep: speed and conversion side by side, fastest median acknowledgement first. */
function Leaderboard({ speed, conversion }: { speed: Speed; conversion: Conversion }) {
  const funnel = new Map(conversion.groups.map((g) => [g.key, g]))
  const rows = [...speed.groups].sort(
    (a, b) => (a.toAck.p50Ms ?? Number.POSITIVE_INFINITY) - (b.toAck.p50Ms ?? Number.POSITIVE_INFINITY),
  )
  return (
    <table class="leaderboard">
      <caption>Rep leaderboard</caption>
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col">Leads</th>
          <th scope="col">Median to acknowledge</th>
          <th scope="col">In working hours</th>
          <th scope="col">Within 5 min</th>
          <th scope="col">Median to contact</th>
          <th scope="col">Qualified</th>
          <th scope="col">Won</th>
          <th scope="col">Won amount</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => {
          const c = funnel.get(g.key)
          const amounts = Object.entries(c?.wonAmounts ?? {})
            .map(([currency, amount]) => `${amount.toLocaleString('en-US')} ${currency}`)
            .join(', ')
          return (
            <tr>
              <th scope="row" safe>
                {g.label}
              </th>
              <td>{String(g.leads)}</td>
              <td>{minutes(g.toAck.p50Ms)}</td>
              <td>{minutes(g.toAck.businessP50Ms)}</td>
              <td>{percent(g.leads ? g.slaBands['0-5m'] / g.leads : null)}</td>
              <td>{minutes(g.toContact.p50Ms)}</td>
              <td>{percent(c?.qualifiedRate ?? null)}</td>
              <td>{String(c?.won ?? 0)}</td>
              <td safe>{amounts || '–'}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** `/reports`: speed-to-lead and conversion for managers, with CSV links carrying the same query. */
export const reportsPage: WebPage = {
  nav: { href: '/reports', label: 'Reports', roles: ['admin', 'manager'] },
  routes: async (app, deps) => {
    // The same CSV as the API's `?format=csv`, for a signed-in browser (the API wants its bearer token).
    app.get<{ Params: { name: string } }>(
      '/reports/:name',
      { preHandler: allow('admin', 'manager') },
      async (request, reply) => {
        const name = request.params.name.replace(/\.csv$/, '') as ReportName
        if (!deps.reports || !request.params.name.endsWith('.csv') || !REPORT_NAMES.includes(name))
          return reply.code(404).send('No such report')
        const query = parseReportQuery(request.query, deps.clock.now().getTime())
        if (!query.ok) return reply.code(400).type('text/plain; charset=utf-8').send(query.message)
        const report = await deps.reports.run(name, query.value)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="leadrelay-${name}.csv"`)
          .send(deps.reports.csv(name, report))
      },
    )

    app.get('/reports', { preHandler: allow('admin', 'manager') }, async (request, reply) => {
      const reports = deps.reports
      if (!reports) return reply.code(404).send('Reports are not available on this server')
      const raw = request.query as Record<string, string | undefined>
      const query = parseReportQuery(
        {
          ...(raw.from ? { from: raw.from } : {}),
          ...(raw.to ? { to: raw.to } : {}),
          groupBy: raw.groupBy || 'owner',
          includeTest: raw.includeTest === 'true' ? 'true' : 'false',
        },
        deps.clock.now().getTime(),
      )
      if (!query.ok)
        return sendHtml(
          reply,
          <Layout web={request.web} title="Reports">
            <p role="alert" safe>
              {query.message}
            </p>
          </Layout>,
          400,
        )
      const q = query.value
      const speed = await reports.speed(q)
      const conversion = await reports.conversion(q)
      const byOwner =
        q.groupBy === 'owner'
          ? { speed, conversion }
          : {
              speed: await reports.speed({ ...q, groupBy: 'owner' }),
              conversion: await reports.conversion({ ...q, groupBy: 'owner' }),
            }
      const heat = await reports.heatmap(q)
      const params = new URLSearchParams({
        from: new Date(q.from).toISOString(),
        to: new Date(q.to).toISOString(),
        groupBy: q.groupBy,
        includeTest: String(q.includeTest),
      }).toString()
      const t = speed.total
      const c = conversion.total
      return sendHtml(
        reply,
        <Layout web={request.web} title="Reports">
          <form class="filters" method="get" action="/reports" aria-label="Report period and grouping">
            <div class="field">
              <label for="r-from">From</label>
              <input id="r-from" name="from" type="date" value={day(speed.from)} />
            </div>
            <div class="field">
              <label for="r-to">To</label>
              <input id="r-to" name="to" type="date" value={day(speed.to)} />
            </div>
            <div class="field">
              <label for="r-group">Group by</label>
              <select id="r-group" name="groupBy">
                {GROUP_BY.map((g) => (
                  <option value={g} selected={g === q.groupBy} safe>
                    {GROUP_LABELS[g]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="r-test">
                <input id="r-test" name="includeTest" type="checkbox" value="true" checked={q.includeTest} /> Include
                test leads
              </label>
            </div>
            <button type="submit">Show</button>
          </form>
          <p>
            {`${t.leads} leads submitted from ${day(speed.from)} to ${day(speed.to)} (the previous period had ${speed.previous.total.leads}). `}
            {`Median time to acknowledge ${minutes(t.toAck.p50Ms)} (${minutes(t.toAck.businessP50Ms)} in working hours), to alert ${minutes(t.toAlert.p50Ms)}.`}
          </p>
          <p class="downloads">
            <a href={`/reports/speed-to-lead.csv?${params}`}>Speed-to-lead CSV</a>
            {' · '}
            <a href={`/reports/conversion.csv?${params}`}>Conversion CSV</a>
          </p>
          <section aria-labelledby="speed-h">
            <h2 id="speed-h">Speed to lead</h2>
            <ColumnChart
              id="sla"
              title="Leads by time to acknowledge"
              bars={(['0-5m', '5-15m', '15-60m', '60m+', 'never'] as const).map((band) => ({
                label: band,
                value: t.slaBands[band],
                text: String(t.slaBands[band]),
              }))}
            />
            <HorizontalBars
              id="ack-by-group"
              title={`Median time to acknowledge by ${GROUP_LABELS[q.groupBy].toLowerCase()}`}
              bars={speed.groups.map((g) => ({
                label: g.label,
                value: g.toAck.p50Ms ?? 0,
                text: minutes(g.toAck.p50Ms),
              }))}
            />
          </section>
          <section aria-labelledby="conversion-h">
            <h2 id="conversion-h">Conversion</h2>
            <HorizontalBars
              id="funnel"
              title="From lead to won"
              bars={[
                { label: 'Leads', value: c.leads, text: String(c.leads) },
                { label: 'Acknowledged', value: c.acknowledged, text: String(c.acknowledged) },
                { label: 'Contacted', value: c.contacted, text: String(c.contacted) },
                { label: 'Qualified', value: c.qualified, text: `${c.qualified} (${percent(c.qualifiedRate)})` },
                { label: 'Won', value: c.won, text: `${c.won} (${percent(c.wonRate)})` },
              ]}
            />
          </section>
          <section aria-labelledby="reps-h">
            <h2 id="reps-h">Reps</h2>
            <Leaderboard speed={byOwner.speed} conversion={byOwner.conversion} />
          </section>
          <section aria-labelledby="heat-h">
            <h2 id="heat-h">When leads arrive</h2>
            <Heatmap
              id="heatmap"
              title="Leads by hour of the week (owner's time zone), with the median time to acknowledge"
              cells={heat.cells.map((cell) => ({
                ...cell,
                text: `${cell.leads} leads, median to acknowledge ${minutes(cell.medianAckMs)}`,
              }))}
            />
          </section>
        </Layout>,
      )
    })
  },
}
