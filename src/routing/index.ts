export {
  describeSkip,
  type RouteContext,
  type RoutingDecision,
  routeLead,
  type SkippedMember,
  type Strategy,
} from './assign.js'
export { type ConditionResult, matches } from './conditions.js'
export { describeAssign, describeCondition, describeHours } from './describe.js'
export { explainDecision, explainRouting, explainScore } from './explain.js'
export {
  companySizeMin,
  type LeadFacts,
  type LeadFieldValues,
  type LeadMeta,
  leadFacts,
  withScore,
} from './lead-facts.js'
export {
  crossCheckRules,
  formatPath,
  formatProblems,
  type ParseRulesResult,
  parseRules,
  type Rules,
  type RulesProblem,
  RulesSchema,
} from './parse-rules.js'
export {
  compareConfigs,
  type LeadMove,
  type OwnerCount,
  type PriorityCount,
  type PriorityShift,
  type ReplayContext,
  type ReplayLead,
  type ReplayReport,
  simulate,
} from './replay.js'
export type { SkipReason } from './round-robin.js'
export {
  type Assign,
  type Condition,
  ConditionSchema,
  FIELD_NAMES,
  type FieldName,
  type LeafCondition,
  PRIORITIES,
  type Priority,
  type Routing,
  type RoutingRule,
  RoutingSchema,
  type Scoring,
  type ScoringRule,
  ScoringSchema,
  type Team,
  type TeamMember,
  TeamSchema,
  WEEKDAYS,
  type WeeklyHours,
} from './rules-schema.js'
export { COMPLETENESS_RULE, priorityFor, type ScoreContribution, type ScoreResult, scoreLead } from './score.js'
export { isWorking, localTime, startOfLocalDay } from './working-hours.js'
