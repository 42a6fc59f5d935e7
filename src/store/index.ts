export type { ChallengeOutcome } from './challenges-repository.js'
export * as challengesRepository from './challenges-repository.js'
export { createStore, migrateStore, type StoreOptions } from './create-store.js'
export type {
  Database,
  DeliveryRow,
  DeliveryState,
  EventRow,
  EventStatus,
  JobRow,
  JobState,
  LeadRow,
  LeadStatus,
  NewEventRow,
  NewJobRow,
  NewLeadRow,
  PullRow,
  SubscriptionRow,
  TimelineRow,
  TokenRow,
  WebRole,
  WebSessionRow,
  WebUserRow,
} from './database.js'
export { DELIVERY_STATES, EVENT_STATUSES, LEAD_STATUSES, WEB_ROLES } from './database.js'
export * as deliveriesRepository from './deliveries-repository.js'
export {
  type AlertKind,
  DELIVERY_KINDS,
  type DeliveryAction,
  type DeliveryKind,
  type EscalationLevel,
  escalationKind,
  isAlertKind,
} from './delivery-kinds.js'
export {
  countEventsByStatus,
  type EventPage,
  getEvent,
  listEvents,
  pruneQuarantined,
  setEventStatus,
} from './events-repository.js'
export type { Executor } from './executor.js'
export { leadFromRow, type StoredLead, type StoredRouting } from './lead-from-row.js'
export type { LeadCursor, LeadEnrichment, LeadFilters } from './leads-repository.js'
export * as leadsRepository from './leads-repository.js'
export { SearchUnavailableError } from './leads-repository.js'
export type { OpsAlertRow } from './ops-alerts-repository.js'
export * as opsAlertsRepository from './ops-alerts-repository.js'
export * as outcomesRepository from './outcomes-repository.js'
export type { NewPull } from './pulls-repository.js'
export * as pullsRepository from './pulls-repository.js'
export type {
  ConversionCountRow,
  ConversionDetailRow,
  ReportGroupColumn,
  ReportRange,
  RoutingAssignmentRow,
  ScoringMatchRow,
  SpeedDurations,
  SpeedLeads,
} from './reports-repository.js'
export * as reportsRepository from './reports-repository.js'
export { TIME_BUCKET_MS } from './reports-repository.js'
export * as routingPositionsRepository from './routing-positions-repository.js'
export {
  ENROLMENT_STATES,
  type EnrolmentRow,
  type EnrolmentState,
  type ReplyKind,
  type ReplyRow,
  STEP_STATES,
  type StepRow,
  type StepState,
} from './sequence-tables.js'
export * as sequencesRepository from './sequences-repository.js'
export { type BusinessTime, businessSinceSubmitted, recordSpeedDurations } from './speed-durations.js'
export {
  type Capabilities,
  type Dialect,
  type Inbox,
  type InboxEntry,
  type InboxOutcome,
  type Store,
  StoreUnavailableError,
} from './store.js'
export * as subscriptionsRepository from './subscriptions-repository.js'
export * as tokensRepository from './tokens-repository.js'
export * as webUsersRepository from './web-users-repository.js'
