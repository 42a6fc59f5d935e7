import { z } from 'zod'
import { describeAssign, describeCondition, describeHours, type Rules, startOfLocalDay } from '../../routing/index.js'
import { leadsRepository, routingPositionsRepository } from '../../store/index.js'
import { allow } from '../auth/guard.js'
import { StateBadge } from '../components/badges.js'
import { CsrfField, Layout } from '../components/layout.js'
import type { WebDeps, WebState } from '../context.js'
import { sendHtml, type WebPage } from './page.js'
import {
  type LabResult,
  parseCandidate,
  REPLAY_MAX_DAYS,
  REPLAY_MAX_LEADS,
  replayDays,
  rulesAsYaml,
  testOnLead,
} from './rules-lab.js'

const LabForm = z.object({
  yaml: z.string().max(200_000),
  action: z.enum(['test', 'replay']),
  lead: z.string().max(200).optional(),
  days: z.coerce.number().int().min(1).max(REPLAY_MAX_DAYS).optional(),
})

function LabResultView({ result }: { result: LabResult }) {
  switch (result.kind) {
    case 'problem':
      return (
        <pre class="error" role="alert" safe>
          {result.message}
        </pre>
      )
    case 'test':
      return (
        <div role="status">
          <pre safe>{result.text}</pre>
          {result.currentOwner ? <p safe>{`Today this lead is owned by ${result.currentOwner}.`}</p> : ''}
        </div>
      )
    case 'replay': {
      const r = result.report
      return (
        <div role="status">
          <p
            safe
          >{`${r.leads} leads from the last ${result.days} days${result.capped ? ` (the oldest ${REPLAY_MAX_LEADS} only)` : ''}; ${r.moved.length} would move to another owner.`}</p>
          <div class="grid">
            <table>
              <caption>Leads per owner</caption>
              <thead>
                <tr>
                  <th scope="col">Owner</th>
                  <th scope="col">Now</th>
                  <th scope="col">Candidate</th>
                </tr>
              </thead>
              <tbody>
                {r.owners.map((o) => (
                  <tr>
                    <td safe>{o.ownerId}</td>
                    <td safe>{String(o.before)}</td>
                    <td safe>{String(o.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Leads per priority</caption>
              <thead>
                <tr>
                  <th scope="col">Priority</th>
                  <th scope="col">Now</th>
                  <th scope="col">Candidate</th>
                </tr>
              </thead>
              <tbody>
                {r.priorities.map((p) => (
                  <tr>
                    <td safe>{p.priority}</td>
                    <td safe>{String(p.before)}</td>
                    <td safe>{String(p.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )
    }
  }
}

async function RulesView({
  deps,
  web,
  yaml,
  result,
}: {
  deps: WebDeps
  web: WebState
  yaml: string
  result?: LabResult
}) {
  const { team, scoring, routing } = deps.settings.alerts
  const now = deps.clock.now()
  const names = new Map((team?.members ?? []).map((m) => [m.id, m.name]))
  const name = (id: string) => names.get(id) ?? id
  const positions = await routingPositionsRepository.allPositions(deps.store.db)
  const loads = new Map<string, number>()
  for (const m of team?.members ?? [])
    loads.set(
      m.id,
      await leadsRepository.countAssignedSince(deps.store.db, m.id, startOfLocalDay(now, m.timeZone).getTime()),
    )
  return (
    <Layout web={web} title="Rules">
      <section class="card" aria-labelledby="h-scoring">
        <h2 id="h-scoring">Scoring</h2>
        <p
          safe
        >{`Hot at ${scoring.bands.hot} points or more, warm at ${scoring.bands.warm} or more, else cold.${scoring.completenessPoints ? ` Up to ${scoring.completenessPoints} points for a complete form.` : ''}`}</p>
        {scoring.rules.length === 0 ? (
          <p class="muted">No scoring rules.</p>
        ) : (
          <ol>
            {scoring.rules.map((r) => (
              <li safe>{`${r.name}: ${r.points > 0 ? '+' : ''}${r.points} when ${describeCondition(r.when)}`}</li>
            ))}
          </ol>
        )}
      </section>
      <section class="card" aria-labelledby="h-routing">
        <h2 id="h-routing">Routing (first rule with someone available wins)</h2>
        {routing.rules.length === 0 ? (
          <p class="muted">No routing rules.</p>
        ) : (
          <ol>
            {routing.rules.map((r) => (
              <li
                safe
              >{`${r.name}: when ${describeCondition(r.when)}, ${describeAssign(r.assign, name)}${r.respectWorkingHours ? '' : ', even outside working hours'}${positions.has(r.name) ? ` (rotation at position ${positions.get(r.name)})` : ''}`}</li>
            ))}
          </ol>
        )}
        {team ? <p safe>{`Otherwise: ${name(team.fallbackOwner)} (fallback owner).`}</p> : ''}
      </section>
      <section class="card" aria-labelledby="h-team">
        <h2 id="h-team">Team</h2>
        {team ? (
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Team members</caption>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Working hours</th>
                  <th scope="col">Today</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {team.members.map((m) => (
                  <tr>
                    <td>
                      <span safe>{m.name}</span>
                      <div class="sub" safe>{`${m.id} · ${m.timeZone}`}</div>
                    </td>
                    <td safe>{describeHours(m.workingHours)}</td>
                    <td safe>{`${loads.get(m.id) ?? 0}${m.dailyCapacity ? ` of ${m.dailyCapacity}` : ''} leads`}</td>
                    <td>
                      {!m.active ? (
                        <StateBadge level="warn">inactive</StateBadge>
                      ) : m.dailyCapacity && (loads.get(m.id) ?? 0) >= m.dailyCapacity ? (
                        <StateBadge level="warn">at capacity</StateBadge>
                      ) : (
                        <StateBadge level="ok">active</StateBadge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">No team configured: leads are scored and alerted unassigned.</p>
        )}
      </section>
      {web.user.role === 'rep' ? (
        ''
      ) : (
        <section class="card" aria-labelledby="h-lab">
          <h2 id="h-lab">Try rules (changes nothing)</h2>
          <form method="post" action="/rules/lab">
            <CsrfField token={web.csrfToken} />
            <label for="lab-yaml">Candidate team, scoring and routing (YAML)</label>
            <textarea id="lab-yaml" name="yaml" rows="14" safe>
              {yaml}
            </textarea>
            <div class="filters">
              <div class="field">
                <label for="lab-lead">Lead id</label>
                <input id="lab-lead" name="lead" />
              </div>
              <div class="actions">
                <button type="submit" name="action" value="test">
                  Test on this lead
                </button>
              </div>
              <div class="field">
                <label for="lab-days">Days back</label>
                <input id="lab-days" name="days" type="number" min="1" max={String(REPLAY_MAX_DAYS)} value="30" />
              </div>
              <div class="actions">
                <button type="submit" name="action" value="replay" class="secondary">
                  Replay
                </button>
              </div>
            </div>
          </form>
          {result ? <LabResultView result={result} /> : ''}
        </section>
      )}
    </Layout>
  )
}

export const rulesPage: WebPage = {
  nav: { href: '/rules', label: 'Rules' },
  routes: async (app, deps) => {
    const { team, scoring, routing } = deps.settings.alerts
    const current: Rules | undefined = team ? { team, scoring, routing } : undefined

    app.get('/rules', async (request, reply) =>
      sendHtml(reply, <RulesView deps={deps} web={request.web} yaml={rulesAsYaml(current)} />),
    )

    app.post('/rules/lab', { preHandler: allow('admin', 'manager') }, async (request, reply) => {
      const form = LabForm.safeParse(request.body)
      if (!form.success)
        return reply.code(400).type('text/plain').send('Send yaml, action (test or replay), lead or days.')
      const { yaml, action, lead, days } = form.data
      const candidate = parseCandidate(yaml)
      const now = deps.clock.now()
      let result: LabResult
      if (!candidate.ok) result = { kind: 'problem', message: candidate.message }
      else if (action === 'test')
        result = lead
          ? await testOnLead(deps.store, candidate.rules, lead, now)
          : { kind: 'problem', message: 'Give a lead id to test on.' }
      else if (!current) result = { kind: 'problem', message: 'The current configuration has no team to compare with.' }
      else result = await replayDays(deps.store, current, candidate.rules, days ?? 30, now)
      return sendHtml(
        reply,
        <RulesView deps={deps} web={request.web} yaml={yaml} result={result} />,
        result.kind === 'problem' ? 422 : 200,
      )
    })
  },
}
