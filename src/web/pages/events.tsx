import { z } from 'zod'
import { EVENT_STATUSES, listEvents } from '../../store/index.js'
import { storedBody } from '../../views/index.js'
import { allow } from '../auth/guard.js'
import { StateBadge } from '../components/badges.js'
import { shownAt } from '../components/format.js'
import { Layout } from '../components/layout.js'
import { sendHtml, type WebPage } from './page.js'

const PAGE_SIZE = 100

const Query = z.object({
  status: z.enum(['', ...EVENT_STATUSES]).optional(),
  before: z.coerce.number().int().positive().optional(),
})

/** Raw notifications as LinkedIn sent them (ids only, no personal data), quarantined ones with why. */
export const eventsPage: WebPage = {
  nav: { href: '/events', label: 'Events', roles: ['admin', 'manager'] },
  routes: async (app, deps) => {
    app.get('/events', { preHandler: allow('admin', 'manager') }, async (request, reply) => {
      const parsed = Query.safeParse(request.query)
      if (!parsed.success) return reply.code(400).type('text/plain').send('Bad filter.')
      const status = parsed.data.status || undefined
      const page = await listEvents(deps.store.db, { limit: PAGE_SIZE, before: parsed.data.before, status })
      const self = `/events${status ? `?status=${status}` : ''}`
      return sendHtml(
        reply,
        <Layout web={request.web} title="Events">
          <form class="filters" method="get" action="/events" aria-label="Filter events">
            <div class="field">
              <label for="e-status">Status</label>
              <select id="e-status" name="status">
                <option value="">Any</option>
                {EVENT_STATUSES.map((s) => (
                  <option value={s} selected={s === status} safe>
                    {s}
                  </option>
                ))}
              </select>
            </div>
            <div class="actions">
              <button type="submit">Show</button>
            </div>
          </form>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Notifications, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Received</th>
                  <th scope="col">Action</th>
                  <th scope="col">Lead</th>
                  <th scope="col">Status</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {page.events.length === 0 ? (
                  <tr>
                    <td colspan="6" class="empty">
                      No events.
                    </td>
                  </tr>
                ) : (
                  page.events.map((e) => (
                    <tr id={`event-${e.id}`}>
                      <td safe>{String(e.id)}</td>
                      <td safe>{shownAt(e.received_at, deps.settings.timeZone)}</td>
                      <td safe>{[e.lead_action, e.lead_type].filter(Boolean).join(' ') || '—'}</td>
                      <td>
                        {e.lead_id ? (
                          <a href={`/leads/${encodeURIComponent(e.lead_id)}`} safe>
                            {e.lead_id}
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        <StateBadge
                          level={
                            e.status === 'quarantined' || e.status === 'failed'
                              ? 'bad'
                              : e.status === 'queued'
                                ? 'warn'
                                : 'ok'
                          }
                        >
                          {e.status}
                        </StateBadge>
                      </td>
                      <td>
                        {e.quarantine_reason ? <p safe>{e.quarantine_reason}</p> : ''}
                        {storedBody(e).text ? (
                          <details>
                            <summary>Raw notification</summary>
                            <pre safe>{storedBody(e).text}</pre>
                          </details>
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
          <nav class="pager" aria-label="Pages">
            {page.nextCursor !== undefined ? (
              <a href={`${self}${status ? '&' : '?'}before=${page.nextCursor}`} rel="next">
                Older
              </a>
            ) : (
              ''
            )}
          </nav>
        </Layout>,
      )
    })
  },
}
