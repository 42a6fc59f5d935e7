import type { FastifyReply, FastifyRequest } from 'fastify'
import { approveDraft, completeTask, DEFAULT_OUTCOMES, skipStepByHand, stopSequence } from '../../sequences/index.js'
import { type EnrolmentRow, leadsRepository, type StepRow, sequencesRepository } from '../../store/index.js'
import { leadName, shownAt } from '../components/format.js'
import { CsrfField, Layout } from '../components/layout.js'
import type { WebDeps } from '../context.js'
import { sendHtml, type WebPage } from './page.js'

const percent = (n: number) => `${(n * 100).toFixed(0)} %`

/** The lead's next step: the first one not carried out yet. */
function nextStep(steps: readonly StepRow[]): StepRow | undefined {
  return steps.find((s) => s.state === 'awaiting-approval' || s.state === 'due' || s.state === 'pending')
}

function StepActions(props: { step: StepRow; enrolment: EnrolmentRow; deps: WebDeps; csrf: string }) {
  const { step, enrolment, deps, csrf } = props
  const base = `/leads/${encodeURIComponent(enrolment.lead_id)}/sequence/steps/${step.step_id}`
  if (enrolment.state === 'stopped') return ''
  if (step.state === 'awaiting-approval') {
    return (
      <form method="post" action={`${base}/approve`} class="card" aria-label={`Review draft ${step.step_id}`}>
        <CsrfField token={csrf} />
        <div class="field">
          <label for={`subject-${step.step_id}`}>Subject</label>
          <input id={`subject-${step.step_id}`} name="subject" value={step.subject ?? ''} />
        </div>
        <div class="field">
          <label for={`body-${step.step_id}`}>Body</label>
          <textarea id={`body-${step.step_id}`} name="body" rows="8" safe>
            {step.body ?? ''}
          </textarea>
        </div>
        <p class="sub" safe>{`Drafted by ${step.draft_model ?? 'the model'} (prompt ${step.prompt_version ?? '?'})`}</p>
        <button type="submit">Approve and send</button>
        <button type="submit" class="secondary" formaction={`${base}/skip`}>
          Skip
        </button>
      </form>
    )
  }
  if (step.type === 'task' && step.state === 'due') {
    const sequence = deps.sequences?.sequences.get(enrolment.sequence)
    const def = sequence?.steps.find((s) => s.id === step.step_id)
    const outcomes = def?.type === 'task' ? (def.outcomes ?? DEFAULT_OUTCOMES[def.task]) : ['done']
    return (
      <form method="post" action={`${base}/done`} class="inline" aria-label={`Mark ${step.step_id} done`}>
        <CsrfField token={csrf} />
        <label for={`outcome-${step.step_id}`}>Outcome</label>
        <select id={`outcome-${step.step_id}`} name="outcome">
          {outcomes.map((o) => (
            <option value={o} safe>
              {o}
            </option>
          ))}
        </select>
        <button type="submit">Done</button>
      </form>
    )
  }
  return ''
}

async function enrolmentFor(deps: WebDeps, request: FastifyRequest<{ Params: { id: string } }>) {
  const enrolment = await sequencesRepository.getEnrolmentByLead(deps.store.db, request.params.id)
  const user = request.web.user
  // Reps see and act on their own leads only.
  if (enrolment && user.role === 'rep' && enrolment.owner_id !== user.memberId) return undefined
  return enrolment
}

const back = (reply: FastifyReply, leadId: string) =>
  reply.redirect(`/leads/${encodeURIComponent(leadId)}/sequence`, 303)

/** `/sequences`: each sequence with its counts and reply rate; `/leads/:id/sequence`: one lead's sequence. */
export const sequencesPage: WebPage = {
  nav: { href: '/sequences', label: 'Sequences' },
  routes: async (app, deps) => {
    const members = new Map((deps.settings.alerts.team?.members ?? []).map((m) => [m.id, m.name]))

    app.get('/sequences', async (request, reply) => {
      const counts = await sequencesRepository.sequenceCounts(deps.store.db)
      const names = [...new Set([...(deps.sequences?.sequences.keys() ?? []), ...counts.keys()])]
      return sendHtml(
        reply,
        <Layout web={request.web} title="Sequences">
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Follow-up sequences and how leads answered them</caption>
              <thead>
                <tr>
                  <th scope="col">Sequence</th>
                  <th scope="col">Enrolled</th>
                  <th scope="col">Active</th>
                  <th scope="col">Replied</th>
                  <th scope="col">Unsubscribed</th>
                  <th scope="col">Bounced</th>
                  <th scope="col">Reply rate</th>
                </tr>
              </thead>
              <tbody>
                {names.length === 0 ? (
                  <tr>
                    <td colspan="7" class="empty">
                      No sequences configured (see the README, "Follow-up sequences").
                    </td>
                  </tr>
                ) : (
                  names.map((name) => {
                    const c = counts.get(name) ?? { enrolled: 0, active: 0, replied: 0, unsubscribed: 0, bounced: 0 }
                    return (
                      <tr>
                        <th scope="row" safe>
                          {name}
                        </th>
                        <td>{String(c.enrolled)}</td>
                        <td>{String(c.active)}</td>
                        <td>{String(c.replied)}</td>
                        <td>{String(c.unsubscribed)}</td>
                        <td>{String(c.bounced)}</td>
                        <td>{c.enrolled > 0 ? percent(c.replied / c.enrolled) : '—'}</td>
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

    app.get<{ Params: { id: string } }>('/leads/:id/sequence', async (request, reply) => {
      const enrolment = await enrolmentFor(deps, request)
      if (!enrolment) {
        return sendHtml(
          reply,
          <Layout web={request.web} title="Sequence">
            <p>This lead is not in a follow-up sequence.</p>
          </Layout>,
          404,
        )
      }
      const [steps, lead, replies] = await Promise.all([
        sequencesRepository.getSteps(deps.store.db, enrolment.id),
        leadsRepository.getLead(deps.store.db, enrolment.lead_id),
        sequencesRepository.repliesForLead(deps.store.db, enrolment.lead_id),
      ])
      const next = nextStep(steps)
      const tz = deps.settings.timeZone
      const csrf = request.web.csrfToken
      const open = enrolment.state === 'active' || enrolment.state === 'paused'
      return sendHtml(
        reply,
        <Layout web={request.web} title={`Sequence: ${lead ? leadName(lead) : enrolment.lead_id}`}>
          <section class="card" aria-label="Sequence state">
            <p safe>
              {`${enrolment.sequence}: ${enrolment.state}${enrolment.stop_reason ? ` (${enrolment.stop_reason})` : ''}` +
                `, owner ${members.get(enrolment.owner_id) ?? enrolment.owner_id}`}
            </p>
            {enrolment.paused_until ? <p safe>{`Paused until ${shownAt(Number(enrolment.paused_until), tz)}`}</p> : ''}
            <p safe>
              {next && open
                ? `Next step: ${next.step_id} (${next.type}), due ${shownAt(next.due_at, tz)}`
                : 'No step left to run.'}
            </p>
            {open ? (
              <form method="post" action={`/leads/${encodeURIComponent(enrolment.lead_id)}/sequence/stop`}>
                <CsrfField token={csrf} />
                <button type="submit" class="danger">
                  Stop sequence
                </button>
              </form>
            ) : (
              ''
            )}
          </section>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Steps</caption>
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">Type</th>
                  <th scope="col">State</th>
                  <th scope="col">Due</th>
                  <th scope="col">Done</th>
                </tr>
              </thead>
              <tbody>
                {steps.map((s) => (
                  <tr>
                    <th scope="row" safe>
                      {s.step_id}
                    </th>
                    <td safe>{s.type}</td>
                    <td safe>{s.outcome ? `${s.state}: ${s.outcome}` : s.state}</td>
                    <td safe>{shownAt(s.due_at, tz)}</td>
                    <td safe>{shownAt(s.done_at, tz)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {steps.map((s) => (
            <StepActions step={s} enrolment={enrolment} deps={deps} csrf={csrf} />
          ))}
          <h2>Replies</h2>
          {replies.length === 0 ? (
            <p>None yet.</p>
          ) : (
            <ul>
              {replies.map((r) => (
                <li safe>{`${shownAt(Number(r.received_at), tz)}: ${r.kind}, ${r.subject ?? ''}`}</li>
              ))}
            </ul>
          )}
        </Layout>,
      )
    })

    app.post<{ Params: { id: string }; Body: { back?: string } }>(
      '/leads/:id/sequence/stop',
      async (request, reply) => {
        const enrolment = await enrolmentFor(deps, request)
        if (!enrolment) return reply.code(404).send('not found')
        await stopSequence(
          deps.store,
          enrolment.lead_id,
          'manual',
          deps.clock.now().getTime(),
          `dashboard, ${request.web.user.name}`,
        )
        // The lead page's sequence panel posts here too and wants its page back.
        if (request.body?.back === 'lead') return reply.redirect(`/leads/${encodeURIComponent(enrolment.lead_id)}`, 303)
        return back(reply, enrolment.lead_id)
      },
    )

    app.post<{ Params: { id: string; step: string; action: string }; Body: Record<string, string | undefined> }>(
      '/leads/:id/sequence/steps/:step/:action',
      async (request, reply) => {
        const enrolment = await enrolmentFor(deps, request)
        const rt = deps.sequences
        if (!enrolment || !rt) return reply.code(404).send('not found')
        const { step, action } = request.params
        const by = `dashboard, ${request.web.user.name}`
        const body = request.body ?? {}
        if (action === 'approve') {
          await approveDraft(
            rt,
            enrolment.lead_id,
            step,
            { subject: body.subject || undefined, body: body.body || undefined },
            by,
          )
        } else if (action === 'skip') {
          await skipStepByHand(rt, enrolment.lead_id, step, by)
        } else if (action === 'done' && body.outcome) {
          await completeTask(rt, enrolment.lead_id, step, body.outcome, by)
        } else {
          return reply.code(400).send('unknown action')
        }
        return back(reply, enrolment.lead_id)
      },
    )
  },
}
