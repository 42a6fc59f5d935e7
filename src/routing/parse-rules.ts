import { z } from 'zod'
import {
  type Condition,
  type Routing,
  RoutingSchema,
  type Scoring,
  ScoringSchema,
  type Team,
  TeamSchema,
} from './rules-schema.js'

// ---------------------------------------------------------------- cross-checks

type Issue = { path: PropertyKey[]; message: string }

function conditionIssues(condition: Condition, path: PropertyKey[], forbidden: ReadonlySet<string>): Issue[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => conditionIssues(c, [...path, 'all', i], forbidden))
  if ('any' in condition) return condition.any.flatMap((c, i) => conditionIssues(c, [...path, 'any', i], forbidden))
  if ('not' in condition) return conditionIssues(condition.not, [...path, 'not'], forbidden)
  return forbidden.has(condition.field)
    ? [{ path: [...path, 'field'], message: `a scoring rule cannot read "${condition.field}": it is being computed` }]
    : []
}

const SCORE_FIELDS: ReadonlySet<string> = new Set(['score', 'priority'])

/**
 * The checks that need more than one section: member ids in rules and managers exist, names are unique,
 * scoring rules do not read the score. Exported so a larger config schema that embeds these sections at
 * its root can run the same checks and report the same paths.
 */
export function crossCheckRules(rules: { team: Team; scoring?: Scoring; routing?: Routing }): Issue[] {
  const issues: Issue[] = []
  const ids = new Set<string>()
  rules.team.members.forEach((member, i) => {
    if (ids.has(member.id))
      issues.push({ path: ['team', 'members', i, 'id'], message: `duplicate member id "${member.id}"` })
    ids.add(member.id)
  })
  const known = (id: string, path: PropertyKey[]) => {
    if (!ids.has(id)) issues.push({ path, message: `unknown team member "${id}"` })
  }
  known(rules.team.fallbackOwner, ['team', 'fallbackOwner'])
  rules.team.members.forEach((member, i) => {
    if (member.manager !== undefined) known(member.manager, ['team', 'members', i, 'manager'])
  })
  rules.scoring?.rules.forEach((rule, i) => {
    issues.push(...conditionIssues(rule.when, ['scoring', 'rules', i, 'when'], SCORE_FIELDS))
  })
  const names = new Set<string>()
  rules.routing?.rules.forEach((rule, i) => {
    const at = ['routing', 'rules', i]
    if (names.has(rule.name))
      issues.push({ path: [...at, 'name'], message: `duplicate routing rule name "${rule.name}"` })
    names.add(rule.name)
    const assign = rule.assign
    const referenced: [PropertyKey[], string][] =
      'existingOwner' in assign
        ? []
        : 'roundRobin' in assign
          ? assign.roundRobin.map((id, j) => [['roundRobin', j], id])
          : 'owner' in assign
            ? [[['owner'], assign.owner]]
            : Array.isArray(assign.weighted)
              ? assign.weighted.map((id, j) => [['weighted', j], id])
              : Object.keys(assign.weighted).map((id) => [['weighted', id], id])
    for (const [key, id] of referenced) known(id, [...at, 'assign', ...key])
  })
  return issues
}

/** The `team`, `scoring` and `routing` sections of `leadrelay.config.yaml`, checked against each other. */
export const RulesSchema = z
  .strictObject({
    team: TeamSchema,
    scoring: ScoringSchema.default({ rules: [], bands: { hot: 70, warm: 40 } }),
    routing: RoutingSchema.default({ rules: [] }),
  })
  .superRefine((rules, ctx) => {
    for (const issue of crossCheckRules(rules)) ctx.addIssue({ code: 'custom', ...issue })
  })
export type Rules = z.infer<typeof RulesSchema>

export interface RulesProblem {
  /** Like `routing.rules[2].assign.roundRobin[1]`. */
  readonly path: string
  readonly message: string
}

export type ParseRulesResult =
  | { readonly ok: true; readonly value: Rules }
  | { readonly ok: false; readonly problems: readonly RulesProblem[] }

/** `['routing', 'rules', 2, 'name']` → `routing.rules[2].name` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`
    return out ? `${out}.${String(key)}` : String(key)
  }, '')
}

export function parseRules(input: unknown): ParseRulesResult {
  const parsed = RulesSchema.safeParse(input)
  if (parsed.success) return { ok: true, value: parsed.data }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  }
}

/** One line per problem, e.g. `routing.rules[2].assign.roundRobin[1]: unknown team member "bob"`. */
export function formatProblems(problems: readonly RulesProblem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n')
}
