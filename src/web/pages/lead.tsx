import { acknowledgeLead, reassignLead } from '../../pipeline/index.js'
import { type DeliveryRow, deliveriesRepository, type LeadRow, leadsRepository } from '../../store/index.js'
import { PriorityBadge, SlaBadge, StateBadge } from '../components/badges.js'
import { leadName, shownAt, slaState } from '../components/format.js'
import { CsrfField, Layout } from '../components/layout.js'
import {
  AnswersCard,
  deliveryLevel,
  Facts,
  FieldsCard,
  RoutingCard,
  ScoreCard,
  Timeline,
} from '../components/lead-sections.js'
import { SequencePanel } from '../components/sequence-panel.js'
import type { WebDeps, WebState } from '../context.js'
import { actorOf, canReassign, canSeeLead, noticeText, REPLAY_ROLES } from './lead-access.js'
import { OutcomeCard } from './lead-outcome.js'
import { sendHtml, type WebPage } from './page.js'

type Params = { Params: { id: string } }

function DeliveriesTable({ rows, web, back }: { rows: readonly DeliveryRow[]; web: WebState; back: string }) {
  if (rows.length === 0) return <p class="muted">No deliveries.</p>
  const mayReplay = (REPLAY_ROLES as readonly string[]).includes(web.user.role)
  return (
    <div class="table-wrap">
      <table>
        <caption class="sr-only">Deliveries of this lead</caption>
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr>
              <td safe>{d.channel}</td>
              <td safe>{d.kind}</td>
              <td>
                <StateBadge level={deliveryLevel(d)}>{d.state}</StateBadge>
              </td>
              <td safe>{String(d.attempts)}</td>
              <td safe>{d.last_error ?? ''}</td>
              <td>
                {mayReplay && (d.state === 'dead' || d.state === 'disabled') ? (
                  <form method="post" action={`/deliveries/${d.id}/replay`} class="inline">
                    <CsrfField token={web.csrfToken} />
                    <input type="hidden" name="back" value={back} />
                    <button type="submit" aria-label={`Replay ${d.kind} via ${d.channel}`}>
                      Replay
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Actions({ lead, web, deps }: { lead: LeadRow; web: WebState; deps: WebDeps }) {
  if (lead.status === 'deleted') return ''
  const members = deps.settings.alerts.team?.members ?? []
  const path = `/leads/${encodeURIComponent(lead.id)}`
  return (
    <section class="card" aria-labelledby="h-actions">
      <h2 id="h-actions">Actions</h2>
      <div class="status-row">
        {lead.acked_at === null ? (
          <form method="post" action={`${path}/acknowledge`} class="inline">
            <CsrfField token={web.csrfToken} />
            <button type="submit">Acknowledge</button>
          </form>
        ) : (
          <span
            safe
          >{`Acknowledged by ${lead.acked_by ?? 'someone'} at ${shownAt(lead.acked_at, deps.settings.timeZone)}`}</span>
        )}
        {members.length > 0 && canReassign(web.user, deps.settings, lead) ? (
          <form method="post" action={`${path}/reassign`} class="inline">
            <CsrfField token={web.csrfToken} />
            <label for="reassign-member">Reassign to</label>
            <select id="reassign-member" name="member">
              {members
                .filter((m) => m.id !== lead.owner_id)
                .map((m) => (
                  <option value={m.id} safe>
                    {m.name}
                  </option>
                ))}
            </select>
            <button type="submit" class="secondary">
              Reassign
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    </section>
  )
}

export const leadPage: WebPage = {
  routes: async (app, deps) => {
    const tz = deps.settings.timeZone
    const names = new Map((deps.settings.alerts.team?.members ?? []).map((m) => [m.id, m.name]))
    const memberName = (id: string) => names.get(id) ?? id

    /** The lead if this user may see it; a rep asking for someone else's gets the same 404 as for none. */
    const visibleLead = async (id: string, web: WebState) => {
      const lead = await leadsRepository.getLead(deps.store.db, id.replace(/^urn:li:leadGenFormResponse:/, ''))
      return lead && canSeeLead(web.user, lead) ? lead : undefined
    }
    const notFound = (web: WebState) => (
      <Layout web={web} title="Lead not found">
        <p>There is no such lead, or it is not yours to see.</p>
        <a href="/leads">Back to leads</a>
      </Layout>
    )

    app.get<Params & { Querystring: { done?: string } }>('/leads/:id', async (request, reply) => {
      const web = request.web
      const lead = await visibleLead(request.params.id, web)
      if (!lead) return sendHtml(reply, notFound(web), 404)
      const [timeline, deliveries] = await Promise.all([
        leadsRepository.getTimeline(deps.store.db, lead.id),
        deliveriesRepository.listDeliveries(deps.store.db, { leadId: lead.id, limit: 200 }),
      ])
      const path = `/leads/${encodeURIComponent(lead.id)}`
      const notice = noticeText(request.query.done)
      const deleted = lead.status === 'deleted'
      const now = deps.clock.now().getTime()
      return sendHtml(
        reply,
        <Layout web={web} title={leadName(lead)}>
          <div
            id="lead-live"
            hx-ext="sse"
            sse-connect={`/live?since=${timeline.at(-1)?.id ?? 0}`}
            hx-get={path}
            hx-trigger={`sse:lead-${lead.id}`}
            hx-select="#lead-live"
            hx-swap="outerHTML"
          >
            {notice ? (
              <p class="notice" role="status" safe>
                {notice}
              </p>
            ) : (
              ''
            )}
            <div class="status-row">
              <PriorityBadge priority={lead.priority} score={lead.score} />
              <StateBadge level={deleted ? 'bad' : lead.status === 'failed' ? 'warn' : 'ok'}>{lead.status}</StateBadge>
              {lead.test ? <span class="badge">test lead</span> : ''}
              <SlaBadge sla={slaState(lead, deps.settings.alerts.escalationMinutes, now)} />
            </div>
            {deleted ? (
              <section class="card" aria-labelledby="h-tombstone">
                <h2 id="h-tombstone">Deleted</h2>
                <p
                  safe
                >{`LinkedIn reported this lead deleted at ${shownAt(lead.deleted_at, tz)}. Its personal data was erased; only this record of it remains.`}</p>
              </section>
            ) : (
              ''
            )}
            <div class="grid">
              <section class="card" aria-labelledby="h-lead">
                <h2 id="h-lead">Lead</h2>
                <Facts
                  rows={[
                    ['LinkedIn id', lead.id],
                    ['Submitted', shownAt(lead.submitted_at, tz)],
                    ['Received', shownAt(lead.received_at, tz)],
                    ['Lead type', lead.lead_type ?? '—'],
                    ['Form', lead.form_id ? `${lead.form_id} v${lead.form_version ?? '?'}` : '—'],
                    ['Campaign', lead.campaign ?? '—'],
                    ['Owner', lead.owner_id ? memberName(lead.owner_id) : 'unassigned'],
                    ['Came by', lead.source],
                    ...(lead.failure_reason ? ([['Problem', lead.failure_reason]] as const) : []),
                  ]}
                />
              </section>
              {deleted ? '' : <FieldsCard lead={lead} />}
              {deleted ? '' : <AnswersCard lead={lead} />}
              <ScoreCard lead={lead} />
              <RoutingCard lead={lead} memberName={memberName} />
            </div>
            <Actions lead={lead} web={web} deps={deps} />
            <OutcomeCard lead={lead} web={web} deps={deps} />
            <SequencePanel leadId={lead.id} web={web} deps={deps} />
            <section class="card" aria-labelledby="h-deliveries">
              <h2 id="h-deliveries">Deliveries</h2>
              <DeliveriesTable rows={deliveries} web={web} back={path} />
            </section>
            <section class="card" aria-labelledby="h-timeline">
              <h2 id="h-timeline" safe>{`Timeline (${tz})`}</h2>
              <Timeline entries={timeline} timeZone={tz} />
            </section>
          </div>
        </Layout>,
      )
    })

    app.post<Params>('/leads/:id/acknowledge', async (request, reply) => {
      const lead = await visibleLead(request.params.id, request.web)
      if (!lead) return sendHtml(reply, notFound(request.web), 404)
      const acknowledge = deps.acknowledge ?? ((...a) => acknowledgeLead(deps.store, ...a))
      const outcome = await acknowledge(lead.id, actorOf(request.web.user), deps.clock.now().getTime(), 'dashboard')
      deps.live.poke()
      const done = outcome.kind === 'acknowledged' ? 'acknowledged' : 'already-acknowledged'
      return reply.redirect(`/leads/${encodeURIComponent(lead.id)}?done=${done}`, 303)
    })

    app.post<Params & { Body: { member?: string } }>('/leads/:id/reassign', async (request, reply) => {
      const web = request.web
      const lead = await visibleLead(request.params.id, web)
      if (!lead) return sendHtml(reply, notFound(web), 404)
      if (!canReassign(web.user, deps.settings, lead))
        return reply.code(403).type('text/plain').send('Reps may not reassign here.')
      const member = typeof request.body?.member === 'string' ? request.body.member : ''
      const outcome = await reassignLead(
        deps.store,
        deps.settings.alerts.team,
        lead.id,
        member,
        actorOf(web.user),
        deps.clock.now().getTime(),
      )
      if (outcome === 'unknown-member') return reply.code(400).type('text/plain').send(`No team member "${member}".`)
      if (outcome !== 'reassigned') return sendHtml(reply, notFound(web), outcome === 'deleted' ? 409 : 404)
      deps.live.poke()
      // A rep who gave the lead away can no longer see it.
      const target = canSeeLead(web.user, { owner_id: member })
        ? `/leads/${encodeURIComponent(lead.id)}?done=reassigned`
        : '/leads'
      return reply.redirect(target, 303)
    })
  },
}
