import { LEAD_TYPES } from '../../linkedin/index.js'
import { LEAD_STATUSES, type LeadRow, leadsRepository, SearchUnavailableError } from '../../store/index.js'
import { encodeLeadCursor } from '../../views/index.js'
import { PriorityBadge, SlaBadge } from '../components/badges.js'
import { formatAge, leadFields, leadName, slaState } from '../components/format.js'
import { Layout } from '../components/layout.js'
import type { WebDeps, WebState } from '../context.js'
import { cursorOf, LeadsQuery, leadFilters, queryString } from './leads-query.js'
import { sendHtml, type WebPage } from './page.js'

const PAGE_SIZE = 50

function Select(props: {
  name: string
  label: string
  value: string | undefined
  options: readonly (readonly [string, string])[]
}) {
  return (
    <div class="field">
      <label for={`f-${props.name}`} safe>
        {props.label}
      </label>
      <select id={`f-${props.name}`} name={props.name}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === (props.value ?? '')} safe>
            {label}
          </option>
        ))}
      </select>
    </div>
  )
}

function TextField(props: { name: string; label: string; value: string | undefined; type?: string; hint?: string }) {
  const hintId = props.hint ? `f-${props.name}-hint` : undefined
  return (
    <div class="field">
      <label for={`f-${props.name}`} safe>
        {props.label}
      </label>
      <input
        id={`f-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        aria-describedby={hintId}
      />
      {props.hint ? (
        <p class="sub" id={hintId} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
    </div>
  )
}

function Filters({
  query,
  web,
  members,
  exactEmailOnly,
}: {
  query: LeadsQuery
  web: WebState
  members: readonly (readonly [string, string])[]
  exactEmailOnly: boolean
}) {
  return (
    <form class="filters" method="get" action="/leads" aria-label="Filter leads">
      {exactEmailOnly ? (
        <TextField
          name="q"
          label="Search an exact e-mail"
          value={query.q}
          type="search"
          hint="Personal data is encrypted (ENCRYPT_PERSONAL_DATA): search by name or company is not available."
        />
      ) : (
        <TextField name="q" label="Search name, e-mail, company" value={query.q} type="search" />
      )}
      {web.user.role === 'rep' ? (
        ''
      ) : (
        <Select name="owner" label="Owner" value={query.owner} options={[['', 'Anyone'], ...members]} />
      )}
      <Select
        name="priority"
        label="Priority"
        value={query.priority}
        options={[
          ['', 'Any'],
          ['hot', 'Hot'],
          ['warm', 'Warm'],
          ['cold', 'Cold'],
        ]}
      />
      <Select
        name="status"
        label="Status"
        value={query.status}
        options={[['', 'Any'], ...LEAD_STATUSES.map((s) => [s, s] as const)]}
      />
      <Select
        name="type"
        label="Lead type"
        value={query.type}
        options={[['', 'Any'], ...LEAD_TYPES.map((t) => [t, t] as const)]}
      />
      <TextField name="form" label="Form id" value={query.form} />
      <TextField name="campaign" label="Campaign URN" value={query.campaign} />
      <TextField name="from" label="From" value={query.from} type="date" />
      <TextField name="to" label="To" value={query.to} type="date" />
      <Select
        name="test"
        label="Test leads"
        value={query.test}
        options={[
          ['', 'Include'],
          ['hide', 'Hide'],
          ['only', 'Only'],
        ]}
      />
      <div class="actions">
        <button type="submit">Apply</button>
        <a href="/leads">Reset</a>
      </div>
    </form>
  )
}

function LeadRowView({
  row,
  deps,
  members,
  now,
}: {
  row: LeadRow
  deps: WebDeps
  members: ReadonlyMap<string, string>
  now: number
}) {
  const fields = leadFields(row)
  const sla = slaState(row, deps.settings.alerts.escalationMinutes, now)
  const detail = [fields.jobTitle, fields.company].filter(Boolean).join(' · ')
  return (
    <tr id={`lead-${row.id}`} class={sla.kind === 'overdue' ? 'overdue' : undefined}>
      <td>
        <a href={`/leads/${encodeURIComponent(row.id)}`} safe>
          {leadName(row)}
        </a>
        {row.test ? <span class="badge">test</span> : ''}
        {detail ? (
          <div class="sub" safe>
            {detail}
          </div>
        ) : (
          ''
        )}
      </td>
      <td>
        <PriorityBadge priority={row.priority} score={row.score} />
      </td>
      <td safe>{row.owner_id ? (members.get(row.owner_id) ?? row.owner_id) : '—'}</td>
      <td safe>{formatAge(now - (row.submitted_at ?? row.received_at))}</td>
      <td class="hide-narrow" safe>
        {row.acked_at ? `yes${row.acked_by ? `, ${row.acked_by}` : ''}` : row.status === 'deleted' ? '—' : 'no'}
      </td>
      <td>
        <SlaBadge sla={sla} />
      </td>
    </tr>
  )
}

export const leadsPage: WebPage = {
  nav: { href: '/leads', label: 'Leads' },
  routes: (async (app, deps) => {
    const team = deps.settings.alerts.team
    const memberOptions = (team?.members ?? []).map((m) => [m.id, m.name] as const)
    const memberNames = new Map(memberOptions)

    app.get('/leads', async (request, reply) => {
      const parsed = LeadsQuery.safeParse(request.query)
      const web = request.web
      if (!parsed.success) {
        const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        return sendHtml(
          reply,
          <Layout web={web} title="Leads">
            <p class="error" role="alert" safe>{`Bad filter: ${message}`}</p>
            <a href="/leads">Show all leads</a>
          </Layout>,
          400,
        )
      }
      const query = parsed.data
      const after = cursorOf(query)
      const filters = leadFilters(query, web.user, deps.settings.timeZone)
      const [page, since] = await Promise.all([
        leadsRepository.listLeads(deps.store.db, filters, { limit: PAGE_SIZE, after }).catch((error: unknown) => {
          if (error instanceof SearchUnavailableError) return { leads: [], next: undefined, unavailable: error.message }
          throw error
        }),
        leadsRepository.latestTimelineId(deps.store.db),
      ])
      const unavailable = 'unavailable' in page ? page.unavailable : undefined
      const now = deps.clock.now().getTime()
      const live = !after
      const self = `/leads${queryString(query)}`
      const title = web.user.role === 'rep' ? 'My leads' : 'Leads'
      return sendHtml(
        reply,
        <Layout web={web} title={title}>
          <Filters query={query} web={web} members={memberOptions} exactEmailOnly={deps.store.personalDataEncrypted} />
          {unavailable ? (
            <p class="error" role="alert" safe>
              {`Not searched: ${unavailable}.`}
            </p>
          ) : (
            ''
          )}
          <div
            id="leads"
            class="table-wrap"
            hx-ext={live ? 'sse' : undefined}
            sse-connect={live ? `/live?since=${since}` : undefined}
          >
            <table>
              <caption class="sr-only">
                {live ? 'Newest first; new leads appear as they arrive' : 'Older leads'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">Score</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Age</th>
                  <th scope="col" class="hide-narrow">
                    Acknowledged
                  </th>
                  <th scope="col">SLA</th>
                </tr>
              </thead>
              <tbody
                id="lead-rows"
                hx-get={live ? self : undefined}
                hx-trigger={live ? 'sse:leads' : undefined}
                hx-select="#lead-rows"
                hx-swap="outerHTML"
              >
                {page.leads.length === 0 ? (
                  <tr>
                    <td colspan="6" class="empty">
                      No leads match.
                    </td>
                  </tr>
                ) : (
                  page.leads.map((row) => <LeadRowView row={row} deps={deps} members={memberNames} now={now} />)
                )}
              </tbody>
            </table>
          </div>
          <nav class="pager" aria-label="Pages">
            {after ? <a href={self}>Newest</a> : ''}
            {page.next ? (
              <a href={`/leads${queryString(query, { cursor: encodeLeadCursor(page.next) })}`} rel="next">
                Older leads
              </a>
            ) : (
              ''
            )}
          </nav>
        </Layout>,
      )
    })
  }) satisfies WebPage['routes'],
}
