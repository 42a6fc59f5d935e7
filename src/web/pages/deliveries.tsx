import { z } from 'zod'
import { replayDelivery } from '../../pipeline/index.js'
import { DELIVERY_STATES, deliveriesRepository } from '../../store/index.js'
import { allow } from '../auth/guard.js'
import { BarChart } from '../charts/bar-chart.js'
import { StateBadge } from '../components/badges.js'
import { shownAt } from '../components/format.js'
import { CsrfField, Layout } from '../components/layout.js'
import { deliveryLevel } from '../components/lead-sections.js'
import { noticeText } from './lead-access.js'
import { sendHtml, type WebPage } from './page.js'

const PAGE_SIZE = 100
const FAILED = new Set(['dead', 'disabled'])

const Query = z.object({
  channel: z.string().trim().max(100).optional(),
  state: z.enum(['', 'all', ...DELIVERY_STATES]).optional(),
  before: z.coerce.number().int().positive().optional(),
  done: z.string().optional(),
})

const safeBack = (value: unknown) => (typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/deliveries')
const withDone = (path: string, done: string) => `${path}${path.includes('?') ? '&' : '?'}done=${done}`

export const deliveriesPage: WebPage = {
  nav: { href: '/deliveries', label: 'Deliveries', roles: ['admin', 'manager'] },
  routes: async (app, deps) => {
    const managers = allow('admin', 'manager')

    app.get('/deliveries', { preHandler: managers }, async (request, reply) => {
      const web = request.web
      const parsed = Query.safeParse(request.query)
      if (!parsed.success) return reply.code(400).type('text/plain').send('Bad filter.')
      const { channel, before, done } = parsed.data
      // Dead letters first: that is what someone opening this page came for.
      const state = parsed.data.state === undefined || parsed.data.state === '' ? 'dead' : parsed.data.state
      const [counts, rows] = await Promise.all([
        deliveriesRepository.countDeliveriesByChannelAndState(deps.store.db),
        deliveriesRepository.listDeliveries(deps.store.db, {
          ...(state !== 'all' ? { state } : {}),
          ...(channel ? { channel } : {}),
          ...(before !== undefined ? { before } : {}),
          limit: PAGE_SIZE + 1,
        }),
      ])
      const page = rows.slice(0, PAGE_SIZE)
      const channels = [...new Set(counts.map((c) => c.channel))]
      const byState = DELIVERY_STATES.map((s) => ({
        label: s,
        value: counts.filter((c) => c.state === s).reduce((sum, c) => sum + c.n, 0),
        ...(FAILED.has(s) ? { tone: 'bad' as const } : {}),
      }))
      const self = `/deliveries?${new URLSearchParams({ state, ...(channel ? { channel } : {}) })}`
      const notice = noticeText(done)
      return sendHtml(
        reply,
        <Layout web={web} title="Deliveries">
          {notice ? (
            <p class="notice" role="status" safe>
              {notice}
            </p>
          ) : (
            ''
          )}
          <div class="grid">
            <section class="card" aria-labelledby="h-by-state">
              <h2 id="h-by-state">By state</h2>
              <BarChart title="Deliveries by state" bars={byState} />
            </section>
            <section class="card" aria-labelledby="h-by-channel">
              <h2 id="h-by-channel">By channel</h2>
              <div class="table-wrap">
                <table>
                  <caption class="sr-only">Deliveries per channel and state</caption>
                  <thead>
                    <tr>
                      <th scope="col">Channel</th>
                      {DELIVERY_STATES.map((s) => (
                        <th scope="col" safe>
                          {s}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {channels.map((name) => (
                      <tr>
                        <th scope="row" safe>
                          {name}
                        </th>
                        {DELIVERY_STATES.map((s) => (
                          <td safe>{String(counts.find((c) => c.channel === name && c.state === s)?.n ?? 0)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
          <form class="filters" method="get" action="/deliveries" aria-label="Filter deliveries">
            <div class="field">
              <label for="d-state">State</label>
              <select id="d-state" name="state">
                {['dead', ...DELIVERY_STATES.filter((s) => s !== 'dead'), 'all'].map((s) => (
                  <option value={s} selected={s === state} safe>
                    {s === 'dead' ? 'dead (dead letters)' : s}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="d-channel">Channel</label>
              <select id="d-channel" name="channel">
                <option value="">All</option>
                {channels.map((c) => (
                  <option value={c} selected={c === channel} safe>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div class="actions">
              <button type="submit">Show</button>
            </div>
          </form>
          <form method="post" action="/deliveries/replay">
            <CsrfField token={web.csrfToken} />
            <input type="hidden" name="back" value={self} />
            <div class="table-wrap">
              <table>
                <caption class="sr-only">Deliveries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <span class="sr-only">Select</span>
                    </th>
                    <th scope="col">Lead</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Kind</th>
                    <th scope="col">State</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Last error</th>
                    <th scope="col" class="hide-narrow">
                      Updated
                    </th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {page.length === 0 ? (
                    <tr>
                      <td colspan="9" class="empty">
                        {state === 'dead' ? 'No dead letters.' : 'No deliveries match.'}
                      </td>
                    </tr>
                  ) : (
                    page.map((d) => (
                      <tr id={`delivery-${d.id}`}>
                        <td>
                          {FAILED.has(d.state) ? (
                            <input
                              type="checkbox"
                              name="id"
                              value={String(d.id)}
                              aria-label={`Select delivery ${d.id}`}
                            />
                          ) : (
                            ''
                          )}
                        </td>
                        <td>
                          <a href={`/leads/${encodeURIComponent(d.lead_id)}`} safe>
                            {d.lead_id}
                          </a>
                        </td>
                        <td safe>{d.channel}</td>
                        <td safe>{d.kind}</td>
                        <td>
                          <StateBadge level={deliveryLevel(d)}>{d.state}</StateBadge>
                        </td>
                        <td safe>{String(d.attempts)}</td>
                        <td safe>{d.last_error ?? ''}</td>
                        <td class="hide-narrow" safe>
                          {shownAt(d.updated_at, deps.settings.timeZone)}
                        </td>
                        <td>
                          {FAILED.has(d.state) ? (
                            <button
                              type="submit"
                              formaction={`/deliveries/${d.id}/replay`}
                              aria-label={`Replay delivery ${d.id}`}
                            >
                              Replay
                            </button>
                          ) : (
                            ''
                          )}
                        </td>
                      </tr>
                    ))
                  )}
                </tbody>
              </table>
            </div>
            {page.some((d) => FAILED.has(d.state)) ? (
              <p>
                <button type="submit">Replay selected</button>
              </p>
            ) : (
              ''
            )}
          </form>
          <nav class="pager" aria-label="Pages">
            {rows.length > PAGE_SIZE ? (
              <a href={`${self}&before=${page.at(-1)?.id}`} rel="next">
                Older
              </a>
            ) : (
              ''
            )}
          </nav>
        </Layout>,
      )
    })

    app.post<{ Params: { id: string }; Body: { back?: string } }>(
      '/deliveries/:id/replay',
      { preHandler: managers },
      async (request, reply) => {
        const id = Number(request.params.id)
        const outcome = Number.isSafeInteger(id) ? await replayDelivery(deps.store, id, deps.clock.now()) : 'not-found'
        if (outcome === 'not-found') return reply.code(404).type('text/plain').send('No such delivery.')
        deps.live.poke()
        return reply.redirect(withDone(safeBack(request.body?.back), outcome), 303)
      },
    )

    app.post<{ Body: { id?: string | string[]; back?: string } }>(
      '/deliveries/replay',
      { preHandler: managers },
      async (request, reply) => {
        const ids = [request.body?.id ?? []].flat().map(Number).filter(Number.isSafeInteger).slice(0, 1000)
        let replayed = 0
        for (const id of ids) if ((await replayDelivery(deps.store, id, deps.clock.now())) === 'replayed') replayed++
        deps.live.poke()
        return reply.redirect(withDone(safeBack(request.body?.back), replayed > 0 ? 'replayed' : 'not-failed'), 303)
      },
    )
  },
}
