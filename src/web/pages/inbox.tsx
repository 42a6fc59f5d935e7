import { leadsRepository, sequencesRepository } from '../../store/index.js'
import { leadName, shownAt } from '../components/format.js'
import { Layout } from '../components/layout.js'
import { sendHtml, type WebPage } from './page.js'

const KIND_LABELS = {
  reply: 'Reply',
  'auto-reply': 'Automatic reply',
  'out-of-office': 'Out of office',
  bounce: 'Bounce',
}

/** Every reply to every rep's sequences in one place, newest first, with the lead beside each; reps see their own. */
export const inboxPage: WebPage = {
  nav: { href: '/inbox', label: 'Inbox' },
  routes: async (app, deps) => {
    const members = new Map((deps.settings.alerts.team?.members ?? []).map((m) => [m.id, m.name]))
    app.get('/inbox', async (request, reply) => {
      const web = request.web
      const rows = await sequencesRepository.listReplies(deps.store.db, {
        limit: 200,
        ...(web.user.role === 'rep' && web.user.memberId ? { ownerId: web.user.memberId } : {}),
      })
      const leads = new Map(
        await Promise.all(
          [...new Set(rows.map((r) => r.lead_id).filter((id): id is string => id !== null))].map(
            async (id) => [id, await leadsRepository.getLead(deps.store.db, id)] as const,
          ),
        ),
      )
      return sendHtml(
        reply,
        <Layout web={web} title="Inbox">
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Replies to follow-up sequences, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Received</th>
                  <th scope="col">Lead</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Message</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Sequence</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colspan="6" class="empty">
                      No replies yet.
                    </td>
                  </tr>
                ) : (
                  rows.map((r) => {
                    const lead = r.lead_id ? leads.get(r.lead_id) : undefined
                    return (
                      <tr>
                        <td safe>{shownAt(Number(r.received_at), deps.settings.timeZone)}</td>
                        <td>
                          {r.lead_id ? (
                            <a href={`/leads/${encodeURIComponent(r.lead_id)}/sequence`} safe>
                              {lead ? leadName(lead) : r.lead_id}
                            </a>
                          ) : (
                            '—'
                          )}
                          <div class="sub" safe>
                            {r.from_address ?? ''}
                          </div>
                        </td>
                        <td safe>{KIND_LABELS[r.kind]}</td>
                        <td>
                          <strong safe>{r.subject ?? ''}</strong>
                          <div class="sub" safe>
                            {r.snippet ?? ''}
                          </div>
                        </td>
                        <td safe>{r.owner_id ? (members.get(r.owner_id) ?? r.owner_id) : '—'}</td>
                        <td safe>{r.sequence ?? '—'}</td>
                      </tr>
                    )
                  })
                )}
              </tbody>
            </table>
          </div>
        </Layout>,
      )
    })
  },
}
