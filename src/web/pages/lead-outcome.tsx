import { OUTCOME_STAGES, parseOutcomeInput } from '../../outcomes/index.js'
import { type LeadRow, leadsRepository } from '../../store/index.js'
import { shownAt } from '../components/format.js'
import { CsrfField, Layout } from '../components/layout.js'
import type { WebDeps, WebState } from '../context.js'
import { actorOf, canSeeLead } from './lead-access.js'
import { sendHtml, type WebPage } from './page.js'

function currentOutcome(lead: LeadRow, timeZone: string): string {
  if (!lead.outcome) return 'No outcome recorded yet.'
  const details = lead.disqualify_reason
    ? ` (${lead.disqualify_reason})`
    : lead.won_amount !== null
      ? ` (${lead.won_amount} ${lead.won_currency ?? ''})`
      : ''
  return `${lead.outcome}${details}, set by ${lead.outcome_by ?? 'someone'} at ${shownAt(lead.outcome_at, timeZone)}`
}

/**
 * The lead's outcome and a form to record one. A plain form POST (answered with a redirect), so it works
 * without JavaScript, like the page's other actions; a reason applies to disqualified, an amount to won.
 */
export function OutcomeCard({ lead, web, deps }: { lead: LeadRow; web: WebState; deps: WebDeps }) {
  const reasons = deps.outcomes?.reasons
  if (lead.status === 'deleted' || !reasons) return ''
  return (
    <section class="card" aria-labelledby="h-outcome">
      <h2 id="h-outcome">Outcome</h2>
      <p safe>{currentOutcome(lead, deps.settings.timeZone)}</p>
      <form method="post" action={`/leads/${encodeURIComponent(lead.id)}/outcome`} class="filters">
        <CsrfField token={web.csrfToken} />
        <div class="field">
          <label for="outcome-stage">Stage</label>
          <select id="outcome-stage" name="outcome">
            {OUTCOME_STAGES.map((stage) => (
              <option value={stage} selected={stage === lead.outcome} safe>
                {stage}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="outcome-reason">Reason (disqualified)</label>
          <select id="outcome-reason" name="reason">
            <option value="">—</option>
            {reasons.map((reason) => (
              <option value={reason} selected={reason === lead.disqualify_reason} safe>
                {reason}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="outcome-amount">Amount (won)</label>
          <input
            id="outcome-amount"
            name="amount"
            type="number"
            min="0"
            step="any"
            inputmode="decimal"
            value={lead.won_amount === null ? '' : String(lead.won_amount)}
          />
        </div>
        <div class="field">
          <label for="outcome-currency">Currency (won)</label>
          <input
            id="outcome-currency"
            name="currency"
            maxlength="3"
            autocomplete="off"
            value={lead.won_currency ?? 'USD'}
          />
        </div>
        <div class="actions">
          <button type="submit">Record outcome</button>
        </div>
      </form>
    </section>
  )
}

type Body = { outcome?: string; reason?: string; amount?: string; currency?: string }

/** `POST /leads/:id/outcome`: through the same `outcomes.record` as the API, Slack and the CLI. */
export const leadOutcomePage: WebPage = {
  routes: async (app, deps) => {
    app.post<{ Params: { id: string }; Body: Body }>('/leads/:id/outcome', async (request, reply) => {
      const web = request.web
      const lead = await leadsRepository.getLead(deps.store.db, request.params.id)
      // A rep recording on someone else's lead gets the same 404 as for a lead that does not exist.
      if (!lead || !canSeeLead(web.user, lead) || !deps.outcomes) return notFound(reply, web)
      const body = request.body ?? {}
      const fields: Record<string, unknown> = { outcome: body.outcome, reason: body.reason || undefined }
      if (body.outcome === 'won')
        Object.assign(fields, { amount: body.amount?.trim() || undefined, currency: body.currency })
      const parsed = parseOutcomeInput(fields, deps.outcomes.reasons)
      const path = `/leads/${encodeURIComponent(lead.id)}`
      if (!parsed.ok) {
        return sendHtml(
          reply,
          <Layout web={web} title="Outcome not recorded">
            <p class="error" role="alert" safe>{`Outcome not recorded: ${parsed.problem.message}.`}</p>
            <a href={path}>Back to the lead</a>
          </Layout>,
          400,
        )
      }
      const result = await deps.outcomes.record(lead.id, parsed.value, { by: actorOf(web.user), via: 'dashboard' })
      if (result.kind === 'unknown-lead') return notFound(reply, web)
      deps.live.poke()
      return reply.redirect(`${path}?done=${result.kind === 'recorded' ? 'outcome' : 'outcome-unchanged'}`, 303)
    })
  },
}

function notFound(reply: Parameters<typeof sendHtml>[0], web: WebState) {
  return sendHtml(
    reply,
    <Layout web={web} title="Lead not found">
      <p>There is no such lead, or it is not yours to see.</p>
      <a href="/leads">Back to leads</a>
    </Layout>,
    404,
  )
}
