import { DEFAULT_DISQUALIFY_REASONS, OUTCOME_STAGES } from '../config/index.js'

export { DEFAULT_DISQUALIFY_REASONS, OUTCOME_STAGES }
export type OutcomeStage = (typeof OUTCOME_STAGES)[number]

export const isOutcomeStage = (value: unknown): value is OutcomeStage =>
  typeof value === 'string' && (OUTCOME_STAGES as readonly string[]).includes(value)

/**
 * Every stage counts as a contact: nobody qualifies, disqualifies, wins or loses a lead without having
 * reached it (DESIGN.md: first contact is outcome `contacted` "or later stage").
 */
export const countsAsContact = (_stage: OutcomeStage) => true

/** Won implies it was qualified on the way, even when nobody recorded `qualified` first. */
export const countsAsQualified = (stage: OutcomeStage) => stage === 'qualified' || stage === 'won'

/** What a person (or a CRM read-back) asks for. */
export type OutcomeInput =
  | { readonly stage: 'contacted' | 'qualified' | 'lost' }
  | { readonly stage: 'disqualified'; readonly reason: string }
  | { readonly stage: 'won'; readonly amount: number; readonly currency: string }

export type OutcomeProblem = { readonly field: string; readonly message: string }

/** Checks a request's shape: the stage, a listed reason for `disqualified`, an amount and ISO currency for `won`. */
export function parseOutcomeInput(
  body: Record<string, unknown>,
  reasons: readonly string[],
): { ok: true; value: OutcomeInput } | { ok: false; problem: OutcomeProblem } {
  const stage = body.outcome
  if (!isOutcomeStage(stage))
    return { ok: false, problem: { field: 'outcome', message: `must be one of ${OUTCOME_STAGES.join(', ')}` } }
  if (stage === 'disqualified') {
    const reason = body.reason
    if (typeof reason !== 'string' || !reasons.includes(reason))
      return {
        ok: false,
        problem: { field: 'reason', message: `disqualified needs a reason: one of ${reasons.join(', ')}` },
      }
    return { ok: true, value: { stage, reason } }
  }
  if (stage === 'won') {
    const amount = typeof body.amount === 'string' ? Number(body.amount) : body.amount
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)
      return { ok: false, problem: { field: 'amount', message: 'won needs an amount: a number ≥ 0, e.g. 12000' } }
    const currency = typeof body.currency === 'string' ? body.currency.trim().toUpperCase() : ''
    if (!/^[A-Z]{3}$/.test(currency))
      return {
        ok: false,
        problem: { field: 'currency', message: 'won needs a currency: an ISO 4217 code such as USD' },
      }
    return { ok: true, value: { stage, amount, currency } }
  }
  return { ok: true, value: { stage } }
}
