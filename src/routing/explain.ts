import { describeSkip, type RoutingDecision } from './assign.js'
import type { ScoreResult } from './score.js'

const signed = (points: number) => (points < 0 ? `${points}` : `+${points}`)

/** `score 85 (hot): Decision maker +30, Enterprise +25` */
export function explainScore(score: ScoreResult): string {
  const head = `score ${score.score} (${score.priority})`
  if (score.contributions.length === 0) return `${head}: no scoring rule matched`
  return `${head}: ${score.contributions.map((c) => `${c.rule} ${signed(c.points)}`).join(', ')}`
}

/** `routed by rule "West enterprise" (round-robin): ann skipped (outside working hours), bob assigned` */
export function explainRouting(decision: RoutingDecision): string {
  // Name the rule beside a skip when it is not obvious: skipped by an earlier rule, or one of several.
  const rules = new Set(decision.skipped.map((s) => s.rule))
  const skips = decision.skipped.map((s) =>
    (decision.ruleName === null && rules.size > 1) || (decision.ruleName !== null && s.rule !== decision.ruleName)
      ? `${s.memberId} skipped by rule "${s.rule}" (${describeSkip(s.reason)})`
      : `${s.memberId} skipped (${describeSkip(s.reason)})`,
  )
  if (decision.ruleName === null) {
    const unavailable = decision.ownerUnavailable ? ` (${describeSkip(decision.ownerUnavailable)})` : ''
    const why = decision.skipped.length > 0 ? 'no matching rule had an eligible member' : 'no routing rule matched'
    return `${why}: ${[...skips, `fallback owner ${decision.ownerId} assigned${unavailable}`].join(', ')}`
  }
  return `routed by rule "${decision.ruleName}" (${decision.strategy}): ${[...skips, `${decision.ownerId} assigned`].join(', ')}`
}

/** Two lines for the CLI and the lead's timeline: the score with its contributions, then the routing. */
export function explainDecision(score: ScoreResult, decision: RoutingDecision): string {
  return `${explainScore(score)}\n${explainRouting(decision)}`
}
