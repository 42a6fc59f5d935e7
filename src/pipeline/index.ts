export { ALL_DESTINATIONS, deleteLead } from './delete-lead.js'
export { type EnrichDeps, type EnrichOutcome, enrichLead, WAIT_FOR_SIGN_IN_MS, wakeLeadJobs } from './enrich-lead.js'
export { type LeadFields, type NormalizedLead, normalizeLead, searchText } from './lead-fields.js'
export { type Consent, type CustomAnswer, type MappedAnswers, mapAnswers } from './map-answers.js'
export { formatDisplayDate } from './normalize/index.js'
export { createProcessLeadHandler, type ProcessLeadDeps } from './process-lead-job.js'
export {
  createReceiveNotification,
  type ReceiveNotification,
  type ReceiveNotificationDeps,
  type ReceiveResult,
} from './receive-notification.js'
export { createSignInLink, SIGN_IN_CALLBACK_PATH, SIGN_IN_PATH } from './sign-in-link.js'
export { createTokenPersistence } from './token-persistence.js'
