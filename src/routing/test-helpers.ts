import { type LeadFacts, type LeadFieldValues, type LeadMeta, leadFacts } from './lead-facts.js'
import { formatProblems, parseRules, type Rules } from './parse-rules.js'

/** Parses rules the way the config loader will, failing the test with the problems if they are invalid. */
export function rules(input: unknown): Rules {
  const parsed = parseRules(input)
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems))
  return parsed.value
}

export function lead(fields: LeadFieldValues = {}, meta: LeadMeta = {}): LeadFacts {
  return leadFacts(fields, meta)
}

/** Monday 2026-03-16 17:00 UTC: 10:00 in Los Angeles, 13:00 in New York, 17:00 in London. */
export const MONDAY_MORNING_IN_LA = new Date('2026-03-16T17:00:00Z')
