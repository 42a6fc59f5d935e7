import type { LeadFacts } from './lead-facts.js'
import type { Condition, LeafCondition, Scalar } from './rules-schema.js'

export interface ConditionResult {
  readonly matched: boolean
  /** Short and free of lead data, e.g. `jobTitle matches /vp|chief/`. */
  readonly explanation: string
}

// Rules are evaluated for every lead; compile each pattern once.
const compiled = new Map<string, RegExp>()
function pattern(source: string): RegExp {
  let re = compiled.get(source)
  if (!re) {
    re = new RegExp(source, 'i')
    compiled.set(source, re)
  }
  return re
}

type FactValue = string | number | boolean | null

const lower = (value: Scalar) => String(value).trim().toLowerCase()

function numeric(value: FactValue): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return null
}

function same(value: Exclude<FactValue, null>, expected: Scalar): boolean {
  if (typeof expected === 'number') return numeric(value) === expected
  return lower(value) === lower(expected)
}

const quote = (value: Scalar) => (typeof value === 'string' ? `"${value}"` : String(value))
const list = (values: readonly Scalar[]) => values.map(String).join(', ')

/** Each operator present in the leaf: whether it holds, and how to say so either way. */
function leafChecks(leaf: LeafCondition, value: Exclude<FactValue, null>): ConditionResult[] {
  const f = leaf.field
  const checks: ConditionResult[] = []
  const check = (matched: boolean, yes: string, no: string) => checks.push({ matched, explanation: matched ? yes : no })
  const text = String(value)
  const n = numeric(value)

  if (leaf.equals !== undefined) {
    check(same(value, leaf.equals), `${f} is ${quote(leaf.equals)}`, `${f} is not ${quote(leaf.equals)}`)
  }
  if (leaf.in !== undefined) {
    const values = leaf.in
    check(
      values.some((v) => same(value, v)),
      `${f} is one of ${list(values)}`,
      `${f} is not one of ${list(values)}`,
    )
  }
  if (leaf.contains !== undefined) {
    const needle = leaf.contains
    check(
      text.toLowerCase().includes(needle.toLowerCase()),
      `${f} contains "${needle}"`,
      `${f} does not contain "${needle}"`,
    )
  }
  if (leaf.regex !== undefined) {
    check(pattern(leaf.regex).test(text), `${f} matches /${leaf.regex}/`, `${f} does not match /${leaf.regex}/`)
  }
  if (leaf.gte !== undefined) {
    check(n !== null && n >= leaf.gte, `${f} >= ${leaf.gte}`, `${f} < ${leaf.gte}`)
  }
  if (leaf.lte !== undefined) {
    check(n !== null && n <= leaf.lte, `${f} <= ${leaf.lte}`, `${f} > ${leaf.lte}`)
  }
  if (leaf.between !== undefined) {
    const [min, max] = leaf.between
    check(
      n !== null && n >= min && n <= max,
      `${f} is between ${min} and ${max}`,
      `${f} is not between ${min} and ${max}`,
    )
  }
  if (leaf.zipPrefix !== undefined) {
    const prefixes = leaf.zipPrefix
    const zip = text.replace(/\s+/g, '')
    check(
      prefixes.some((prefix) => zip.startsWith(prefix)),
      `${f} starts with ${prefixes.join(' or ')}`,
      `${f} does not start with ${prefixes.join(' or ')}`,
    )
  }
  if (leaf.states !== undefined) {
    const states = leaf.states
    const code = text.trim().toUpperCase()
    check(states.includes(code), `${f} is in ${states.join(', ')}`, `${f} is not in ${states.join(', ')}`)
  }
  return checks
}

function matchLeaf(leaf: LeafCondition, facts: LeadFacts): ConditionResult {
  const value: FactValue = facts[leaf.field]
  if (value === null || value === '') return { matched: false, explanation: `${leaf.field} is empty` }
  const checks = leafChecks(leaf, value)
  const failed = checks.find((c) => !c.matched)
  if (failed) return failed
  return { matched: true, explanation: checks.map((c) => c.explanation).join(' and ') }
}

/** Whether the lead meets the condition, and the part of the condition that decided it. */
export function matches(condition: Condition, facts: LeadFacts): ConditionResult {
  if ('all' in condition) {
    const results: ConditionResult[] = []
    for (const child of condition.all) {
      const result = matches(child, facts)
      if (!result.matched) return result
      results.push(result)
    }
    return { matched: true, explanation: results.map((r) => r.explanation).join(' and ') }
  }
  if ('any' in condition) {
    const results: ConditionResult[] = []
    for (const child of condition.any) {
      const result = matches(child, facts)
      if (result.matched) return result
      results.push(result)
    }
    return { matched: false, explanation: results.map((r) => r.explanation).join(' and ') }
  }
  if ('not' in condition) {
    const result = matches(condition.not, facts)
    return { matched: !result.matched, explanation: result.explanation }
  }
  return matchLeaf(condition, facts)
}
