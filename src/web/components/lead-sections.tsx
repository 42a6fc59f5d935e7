import type { RoutingDecision, ScoreResult } from '../../routing/index.js'
import { explainRouting } from '../../routing/index.js'
import type { DeliveryRow, LeadRow, TimelineRow } from '../../store/index.js'
import { shownAt } from './format.js'

const FIELD_LABELS: Readonly<Record<string, string>> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  workEmail: 'Work e-mail',
  phone: 'Phone',
  phoneE164: 'Phone (E.164)',
  jobTitle: 'Job title',
  seniority: 'Seniority',
  jobFunction: 'Job function',
  company: 'Company',
  companySize: 'Company size',
  industry: 'Industry',
  city: 'City',
  state: 'State',
  postalCode: 'ZIP / postal code',
  zipPlus4: 'ZIP+4',
  country: 'Country',
}

const parse = <T,>(json: string | null): T | undefined => (json ? (JSON.parse(json) as T) : undefined)

export function Facts({ rows }: { rows: readonly (readonly [string, string])[] }) {
  if (rows.length === 0) return <p class="muted">None.</p>
  return (
    <dl class="facts">
      {rows.map(([label, value]) => (
        <>
          <dt safe>{label}</dt>
          <dd safe>{value}</dd>
        </>
      ))}
    </dl>
  )
}

export function FieldsCard({ lead }: { lead: LeadRow }) {
  const { warnings = [], ...fields } = parse<Record<string, unknown> & { warnings?: string[] }>(lead.fields) ?? {}
  const rows = Object.entries(fields)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [FIELD_LABELS[k] ?? k, String(v)] as const)
  return (
    <section class="card" aria-labelledby="h-fields">
      <h2 id="h-fields">Contact and company</h2>
      <Facts rows={rows} />
      {warnings.length > 0 ? (
        <p class="sub" safe>
          {`Could not normalise: ${warnings.join(', ')}`}
        </p>
      ) : (
        ''
      )}
    </section>
  )
}

export function AnswersCard({ lead }: { lead: LeadRow }) {
  const answers = parse<{ question: string; answer: string }[]>(lead.custom_answers) ?? []
  const consents = parse<{ text: string; accepted: boolean; id: number }[]>(lead.consents) ?? []
  const hidden = parse<Record<string, string>>(lead.hidden_fields) ?? {}
  return (
    <section class="card" aria-labelledby="h-answers">
      <h2 id="h-answers">Answers</h2>
      <h3>Custom questions</h3>
      <Facts rows={answers.map((a) => [a.question, a.answer] as const)} />
      <h3>Consents</h3>
      <Facts rows={consents.map((c) => [c.text || `Consent ${c.id}`, c.accepted ? 'accepted' : 'declined'] as const)} />
      <h3>Hidden fields</h3>
      <Facts rows={Object.entries(hidden)} />
    </section>
  )
}

interface StoredRouting {
  readonly score?: ScoreResult
  readonly decision?: (Omit<RoutingDecision, 'positions'> & { positions?: unknown }) | null
  readonly reassignments?: readonly { from: string | null; to: string; by: string; at: string }[]
}

export function ScoreCard({ lead }: { lead: LeadRow }) {
  const routing = parse<StoredRouting>(lead.routing)
  const score = routing?.score
  return (
    <section class="card" aria-labelledby="h-score">
      <h2 id="h-score">Score</h2>
      {score ? (
        <>
          <p safe>{`${score.score} points: ${score.priority}`}</p>
          {score.contributions.length === 0 ? (
            <p class="muted">No scoring rule matched.</p>
          ) : (
            <div class="table-wrap">
              <table>
                <caption class="sr-only">Rules that contributed to the score</caption>
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Points</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {score.contributions.map((c) => (
                    <tr>
                      <td safe>{c.rule}</td>
                      <td safe>{c.points > 0 ? `+${c.points}` : String(c.points)}</td>
                      <td safe>{c.explanation}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <p class="muted">Not scored yet.</p>
      )}
    </section>
  )
}

export function RoutingCard({ lead, memberName }: { lead: LeadRow; memberName: (id: string) => string }) {
  const routing = parse<StoredRouting>(lead.routing)
  const decision = routing?.decision
  return (
    <section class="card" aria-labelledby="h-routing">
      <h2 id="h-routing">Routing</h2>
      {decision ? (
        <>
          <p safe>{explainRouting({ ...decision, positions: new Map() })}</p>
          <Facts
            rows={[
              ['Rule', decision.ruleName ?? 'none matched: fallback owner'],
              ['Strategy', decision.strategy],
              ['Owner', memberName(decision.ownerId)],
            ]}
          />
          {decision.skipped.length > 0 ? (
            <>
              <h3>Skipped</h3>
              <ul>
                {decision.skipped.map((s) => (
                  <li safe>{`${memberName(s.memberId)}: ${s.reason.replaceAll('-', ' ')} (rule "${s.rule}")`}</li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
        </>
      ) : (
        <p class="muted">
          {lead.owner_id ? 'Assigned without routing rules.' : 'Not routed (no team configured, or not yet).'}
        </p>
      )}
      {routing?.reassignments?.length ? (
        <>
          <h3>Reassignments</h3>
          <ul>
            {routing.reassignments.map((r) => (
              <li safe>{`${r.from ? memberName(r.from) : 'nobody'} → ${memberName(r.to)} by ${r.by}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  )
}

const BAD_KINDS = new Set(['fetch-failed', 'alert-failed', 'failed', 'escalated'])
const GOOD_KINDS = new Set(['alert-delivered', 'acknowledged', 'routed', 'downstream-deleted'])

export function Timeline({ entries, timeZone }: { entries: readonly TimelineRow[]; timeZone: string }) {
  if (entries.length === 0) return <p class="muted">Nothing yet.</p>
  return (
    <ol class="timeline">
      {entries.map((t) => (
        <li class={BAD_KINDS.has(t.kind) ? 'bad' : GOOD_KINDS.has(t.kind) ? 'ok' : undefined}>
          <time datetime={new Date(t.at).toISOString()} safe>
            {shownAt(t.at, timeZone)}
          </time>
          <strong safe>{t.kind}</strong> {t.detail ? <span safe>{t.detail}</span> : ''}
        </li>
      ))}
    </ol>
  )
}

export function deliveryLevel(row: Pick<DeliveryRow, 'state'>): 'ok' | 'warn' | 'bad' {
  return row.state === 'delivered' ? 'ok' : row.state === 'dead' || row.state === 'disabled' ? 'bad' : 'warn'
}
