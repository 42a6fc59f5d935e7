import { nextStepOf, sequenceView } from '../../sequences/index.js'
import { sequencesRepository } from '../../store/index.js'
import type { WebDeps, WebState } from '../context.js'
import { StateBadge } from './badges.js'
import { shownAt } from './format.js'
import { CsrfField } from './layout.js'

const LEVEL = { active: 'ok', paused: 'warn', finished: 'ok', stopped: 'bad' } as const

/** The lead's follow-up sequence at a glance, with its next step; nothing for a lead that is in none. */
export async function SequencePanel({ leadId, web, deps }: { leadId: string; web: WebState; deps: WebDeps }) {
  const enrolment = await sequencesRepository.getEnrolmentByLead(deps.store.db, leadId)
  // Reps see their own sequences only, as on the full sequence view.
  if (!enrolment || (web.user.role === 'rep' && enrolment.owner_id !== web.user.memberId)) return ''
  const view = sequenceView(enrolment, await sequencesRepository.getSteps(deps.store.db, enrolment.id))
  const tz = deps.settings.timeZone
  const next = nextStepOf(view)
  const path = `/leads/${encodeURIComponent(leadId)}/sequence`
  const at = (iso: string | null) => (iso ? shownAt(Date.parse(iso), tz) : 'not scheduled yet')
  return (
    <section class="card" aria-labelledby="h-sequence">
      <h2 id="h-sequence">Follow-up sequence</h2>
      <p>
        <span safe>{`${view.sequence}: `}</span>
        <StateBadge level={LEVEL[view.state]}>
          {view.stopReason ? `${view.state} (${view.stopReason})` : view.state}
        </StateBadge>
        {view.pausedUntil ? <span safe>{` until ${at(view.pausedUntil)}`}</span> : ''}
      </p>
      <p safe>{next ? `Next step: ${next.id} (${next.type}), due ${at(next.dueAt)}` : 'No step left to run.'}</p>
      <div class="status-row">
        <a href={path}>Full sequence view</a>
        {view.state === 'active' || view.state === 'paused' ? (
          <form method="post" action={`${path}/stop`} class="inline">
            <CsrfField token={web.csrfToken} />
            <input type="hidden" name="back" value="lead" />
            <button type="submit" class="danger">
              Stop sequence
            </button>
          </form>
        ) : (
          ''
        )}
      </div>
    </section>
  )
}
