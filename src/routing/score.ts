import { matches } from './conditions.js'
import type { LeadFacts } from './lead-facts.js'
import type { Priority, Scoring } from './rules-schema.js'

export interface ScoreContribution {
  /** The scoring rule's name, or `Form completeness`. */
  readonly rule: string
  readonly points: number
  /** Why the rule matched, e.g. `seniority is one of VP, CXO`. */
  readonly explanation: string
}

export interface ScoreResult {
  readonly score: number
  readonly priority: Priority
  /** Matching rules only, in the order they are configured. */
  readonly contributions: readonly ScoreContribution[]
}

export const COMPLETENESS_RULE = 'Form completeness'

export function priorityFor(score: number, bands: Scoring['bands']): Priority {
  if (score >= bands.hot) return 'hot'
  if (score >= bands.warm) return 'warm'
  return 'cold'
}

/** Adds the points of every matching rule; the total is not clamped, so negative rules stay visible. */
export function scoreLead(facts: LeadFacts, scoring: Scoring): ScoreResult {
  const contributions: ScoreContribution[] = []
  for (const rule of scoring.rules) {
    const result = matches(rule.when, facts)
    if (result.matched) contributions.push({ rule: rule.name, points: rule.points, explanation: result.explanation })
  }
  if (scoring.completenessPoints) {
    const points = Math.round(scoring.completenessPoints * facts.completeness)
    if (points !== 0) {
      const percent = Math.round(facts.completeness * 100)
      contributions.push({ rule: COMPLETENESS_RULE, points, explanation: `${percent}% of the fields filled in` })
    }
  }
  const score = contributions.reduce((sum, c) => sum + c.points, 0)
  return { score, priority: priorityFor(score, scoring.bands), contributions }
}
