import { z } from 'zod'
import { byShape } from './by-shape.js'
import { memberId } from './team-schema.js'

/** Lead fields a condition can read, as `LeadFields` names them, plus two derived ones. */
export const LEAD_FIELD_NAMES = [
  'firstName',
  'lastName',
  'email',
  'workEmail',
  'phone',
  'jobTitle',
  'seniority',
  'jobFunction',
  'company',
  'companySize',
  'companySizeMin',
  'industry',
  'city',
  'state',
  'postalCode',
  'country',
  'emailDomain',
] as const

/** Facts about the submission and the scoring, readable by conditions like any lead field. */
export const META_FIELD_NAMES = ['leadType', 'formId', 'formName', 'test', 'completeness', 'score', 'priority'] as const

export const FIELD_NAMES = [...LEAD_FIELD_NAMES, ...META_FIELD_NAMES] as const
export type FieldName = (typeof FIELD_NAMES)[number]
const FIELD_SET: ReadonlySet<string> = new Set(FIELD_NAMES)

export const PRIORITIES = ['hot', 'warm', 'cold'] as const
export type Priority = (typeof PRIORITIES)[number]

/** USPS codes: the states, DC and the territories, so a typo in a territory list fails validation. */
const US_STATE_CODES: ReadonlySet<string> = new Set(
  (
    'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND ' +
    'OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP'
  ).split(' '),
)

// ---------------------------------------------------------------- conditions

export type Scalar = string | number | boolean

/** One test on one field. Several operators in one leaf must all hold. */
export interface LeafCondition {
  readonly field: FieldName
  readonly equals?: Scalar
  readonly in?: readonly Scalar[]
  readonly contains?: string
  /** Case-insensitive JavaScript regular expression, without slashes. */
  readonly regex?: string
  readonly gte?: number
  readonly lte?: number
  /** Inclusive. */
  readonly between?: readonly [number, number]
  readonly zipPrefix?: readonly string[]
  /** Two-letter USPS codes. */
  readonly states?: readonly string[]
}

export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | LeafCondition

export const OPERATORS = ['equals', 'in', 'contains', 'regex', 'gte', 'lte', 'between', 'zipPrefix', 'states'] as const

const scalar = z.union([z.string(), z.number(), z.boolean()])

const regexSource = z.string().superRefine((source, ctx) => {
  try {
    new RegExp(source, 'i')
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `invalid regular expression /${source}/: ${(error as Error).message}` })
  }
})

const fieldName = z.string().refine((name) => FIELD_SET.has(name), {
  error: (issue) => `unknown field "${String(issue.input)}" (fields: ${FIELD_NAMES.join(', ')})`,
})

const LeafConditionSchema = z
  .strictObject({
    field: fieldName,
    equals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    contains: z.string().min(1).optional(),
    regex: regexSource.optional(),
    gte: z.number().optional(),
    lte: z.number().optional(),
    between: z
      .tuple([z.number(), z.number()])
      .refine(([min, max]) => min <= max, { error: 'between needs [min, max] with min <= max' })
      .optional(),
    zipPrefix: z
      .array(z.coerce.string().regex(/^\d{1,5}$/, { error: 'ZIP prefixes are 1 to 5 digits, e.g. "94"' }))
      .min(1)
      .optional(),
    states: z
      .array(
        z
          .string()
          .transform((code) => code.trim().toUpperCase())
          .refine((code) => US_STATE_CODES.has(code), {
            error: (issue) => `"${String(issue.input)}" is not a US state code such as CA or NY`,
          }),
      )
      .min(1)
      .optional(),
  })
  .refine((leaf) => OPERATORS.some((op) => leaf[op] !== undefined), {
    error: `a condition on a field needs one of: ${OPERATORS.join(', ')}`,
  })

export const ConditionSchema: z.ZodType<Condition, unknown> = z.lazy(() =>
  byShape<Condition>((input) => {
    if ('all' in input) return z.strictObject({ all: z.array(ConditionSchema).min(1) })
    if ('any' in input) return z.strictObject({ any: z.array(ConditionSchema).min(1) })
    if ('not' in input) return z.strictObject({ not: ConditionSchema })
    if ('field' in input) return LeafConditionSchema as z.ZodType<LeafCondition>
    return undefined
  }, '{ all: [...] }, { any: [...] }, { not: {...} } or { field, <operator> }'),
)

// ---------------------------------------------------------------- scoring

export const ScoringRuleSchema = z.strictObject({
  name: z.string().min(1),
  when: ConditionSchema,
  points: z.number().int(),
})
export type ScoringRule = z.infer<typeof ScoringRuleSchema>

export const ScoringSchema = z
  .strictObject({
    rules: z.array(ScoringRuleSchema).default([]),
    bands: z.strictObject({ hot: z.number().default(70), warm: z.number().default(40) }).default({ hot: 70, warm: 40 }),
    /** Up to this many points in proportion to the share of fields the lead filled in. */
    completenessPoints: z.number().int().min(0).optional(),
  })
  .refine((scoring) => scoring.bands.warm <= scoring.bands.hot, {
    path: ['bands', 'warm'],
    error: 'warm must not be above hot',
  })
export type Scoring = z.infer<typeof ScoringSchema>

// ---------------------------------------------------------------- routing

const weightValue = z.number().int().min(1).max(1000)

const AssignShapes = {
  roundRobin: z.strictObject({ roundRobin: z.array(memberId).min(1) }),
  /** `{ ann: 3, bob: 1 }`, or `[ann, bob]` to use each member's `weight`. */
  weighted: z.strictObject({ weighted: z.union([z.record(memberId, weightValue), z.array(memberId).min(1)]) }),
  owner: z.strictObject({ owner: memberId }),
  /** Channel names (CRMs) to ask, in order, who already owns this person or company. */
  existingOwner: z.strictObject({ existingOwner: z.array(z.string().min(1)).min(1) }),
}
type AssignShape = z.infer<(typeof AssignShapes)[keyof typeof AssignShapes]>

export const AssignSchema = byShape<AssignShape>((input) => {
  if ('roundRobin' in input) return AssignShapes.roundRobin
  if ('weighted' in input) return AssignShapes.weighted
  if ('owner' in input) return AssignShapes.owner
  if ('existingOwner' in input) return AssignShapes.existingOwner
  return undefined
}, '{ roundRobin: [ids] }, { weighted: { id: weight } }, { owner: id } or { existingOwner: [crm channels] }')
export type Assign = z.infer<typeof AssignSchema>

export const RoutingRuleSchema = z.strictObject({
  /** Also the key of this rule's round-robin position in the store: renaming a rule restarts its rotation. */
  name: z.string().min(1),
  /** Absent: always matches. */
  when: ConditionSchema.optional(),
  assign: AssignSchema,
  respectWorkingHours: z.boolean().default(true),
  respectCapacity: z.boolean().default(true),
})
export type RoutingRule = z.infer<typeof RoutingRuleSchema>

export const RoutingSchema = z.strictObject({
  rules: z.array(RoutingRuleSchema).default([]),
})
export type Routing = z.infer<typeof RoutingSchema>

export * from './team-schema.js'
