import type { Assign, Condition, LeafCondition, WeeklyHours } from './rules-schema.js'
import { WEEKDAYS } from './rules-schema.js'

const list = (values: readonly unknown[]) => values.map(String).join(', ')

function describeLeaf(leaf: LeafCondition): string {
  const parts: string[] = []
  if (leaf.equals !== undefined) parts.push(`is ${String(leaf.equals)}`)
  if (leaf.in) parts.push(`is one of ${list(leaf.in)}`)
  if (leaf.contains !== undefined) parts.push(`contains "${leaf.contains}"`)
  if (leaf.regex !== undefined) parts.push(`matches /${leaf.regex}/i`)
  if (leaf.gte !== undefined) parts.push(`is at least ${leaf.gte}`)
  if (leaf.lte !== undefined) parts.push(`is at most ${leaf.lte}`)
  if (leaf.between) parts.push(`is between ${leaf.between[0]} and ${leaf.between[1]}`)
  if (leaf.zipPrefix) parts.push(`starts with ${list(leaf.zipPrefix)}`)
  if (leaf.states) parts.push(`is in ${list(leaf.states)}`)
  return `${leaf.field} ${parts.join(' and ')}`
}

/** A condition in words, for people reading the rules: `seniority is one of VP, CXO or jobTitle matches …`. */
export function describeCondition(condition: Condition | undefined): string {
  if (!condition) return 'always'
  if ('all' in condition) return condition.all.map((c) => wrap(c)).join(' and ')
  if ('any' in condition) return condition.any.map((c) => wrap(c)).join(' or ')
  if ('not' in condition) return `not (${describeCondition(condition.not)})`
  return describeLeaf(condition)
}

function wrap(condition: Condition): string {
  const text = describeCondition(condition)
  return 'field' in condition || 'not' in condition ? text : `(${text})`
}

export function describeAssign(assign: Assign, name: (id: string) => string = (id) => id): string {
  if ('roundRobin' in assign) return `round-robin between ${assign.roundRobin.map(name).join(', ')}`
  if ('weighted' in assign) {
    const weights = Array.isArray(assign.weighted)
      ? assign.weighted.map(name).join(', ') + " (by each member's weight)"
      : Object.entries(assign.weighted)
          .map(([id, w]) => `${name(id)} ×${w}`)
          .join(', ')
    return `weighted between ${weights}`
  }
  if ('owner' in assign) return `always ${name(assign.owner)}`
  return `whoever owns the person or company in ${assign.existingOwner.join(', ')}`
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** `mon–fri 09:00–17:00` where days share hours, else day by day. */
export function describeHours(hours: WeeklyHours | undefined): string {
  if (!hours) return 'always'
  const byText = new Map<string, string[]>()
  for (const day of WEEKDAYS) {
    const ranges = hours[day]
    if (!ranges?.length) continue
    const text = ranges.map((r) => `${hhmm(r.from)}–${hhmm(r.to)}`).join(', ')
    byText.set(text, [...(byText.get(text) ?? []), day])
  }
  if (byText.size === 0) return 'never'
  return [...byText.entries()].map(([text, days]) => `${days.join(' ')} ${text}`).join('; ')
}
