import type { EnrolmentRow, StepRow } from '../store/index.js'

/** `GET /api/leads/:id/sequence` and `leadrelay leads sequence ID`. */
export interface SequenceView {
  readonly sequence: string
  readonly state: 'active' | 'paused' | 'finished' | 'stopped'
  readonly stopReason: string | null
  readonly owner: string
  readonly pausedUntil: string | null
  readonly enrolledAt: string
  readonly steps: readonly {
    readonly id: string
    readonly type: string
    readonly state: string
    readonly dueAt: string | null
    readonly doneAt: string | null
    readonly outcome: string | null
    readonly detail: string | null
    readonly draft: {
      readonly subject: string | null
      readonly body: string | null
      readonly source: string | null
      readonly model: string | null
      readonly promptVersion: string | null
    } | null
  }[]
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())

export function sequenceView(enrolment: EnrolmentRow, steps: readonly StepRow[]): SequenceView {
  return {
    sequence: enrolment.sequence,
    state: enrolment.state,
    stopReason: enrolment.stop_reason,
    owner: enrolment.owner_id,
    pausedUntil: iso(enrolment.paused_until),
    enrolledAt: iso(enrolment.enrolled_at) as string,
    steps: steps.map((s) => ({
      id: s.step_id,
      type: s.type,
      state: s.state,
      dueAt: iso(s.due_at),
      doneAt: iso(s.done_at),
      outcome: s.outcome,
      detail: s.detail,
      draft:
        s.type === 'email' || s.type === 'task'
          ? {
              subject: s.subject,
              body: s.body,
              source: s.draft_source,
              model: s.draft_model,
              promptVersion: s.prompt_version,
            }
          : null,
    })),
  }
}

/** The step a lead's sequence waits on: the first not yet carried out, while the sequence still runs. */
export function nextStepOf(view: SequenceView): SequenceView['steps'][number] | undefined {
  if (view.state !== 'active' && view.state !== 'paused') return undefined
  return view.steps.find((s) => s.state === 'awaiting-approval' || s.state === 'due' || s.state === 'pending')
}
