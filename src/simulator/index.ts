/** A local LinkedIn for trying LeadRelay before LinkedIn approves the app, and for testing against the contract. */

export { CONVERSION_TYPES, type ConversionEvent } from './conversions.js'
export { createSimulator, currentVersion, type Simulator, type SimulatorOptions } from './create-simulator.js'
export { type DemoSinks, demoConfigYaml, type SinkMessage, startDemoSinks } from './demo-sinks.js'
export {
  AD_ACCOUNT_ROLES,
  type AdAccount,
  type AdAccountRole,
  type AdAccountUser,
  type Discovery,
  LEAD_TYPES_BY_OWNER,
  type OrganizationAcl,
  type OrganizationRole,
  VIEWER_ALLOWS,
} from './discovery.js'
export { errors, type LinkedInError } from './errors.js'
export { FAULT_KINDS, type FaultKind, type FaultSpec } from './faults.js'
export {
  type HistoryRequest,
  type HistoryResult,
  MAX_HISTORY_DAYS,
  notificationFor,
  parseHistorySpec,
  type SubmitLeadRequest,
} from './lead-actions.js'
export { LEAD_RETENTION_MS } from './lead-store.js'
export { parseRate } from './lead-stream.js'
export type { LeadForm, LeadFormResponse, Owner } from './linkedin-types.js'
export {
  ACCESS_TOKEN_TTL_MS,
  AUTHORIZATION_CODE_TTL_MS,
  LEAD_SYNC_SCOPES,
  REFRESH_TOKEN_TTL_MS,
  STATIC_TOKEN_SCOPES,
} from './oauth.js'
export type { RestCall } from './rest-timing.js'
export { decodeRestliValue, RestliSyntaxError } from './restli.js'
export {
  DEFAULT_RETRY_SCHEDULE_MS,
  DEFAULT_REVALIDATE_EVERY_MS,
  type Delivery,
  FAILURES_BEFORE_BLOCKED,
  type SignatureStyle,
  type WebhookStatus,
} from './webhook-sender.js'
