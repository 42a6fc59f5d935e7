export { signAck, verifyAck } from './ack-token.js'
export {
  type AckHook,
  type Acknowledge,
  type Acknowledged,
  type AckOutcome,
  acknowledgeLead,
} from './acknowledge-lead.js'
export type { AlertSettings } from './alert-settings.js'
export { createBurstWatch } from './burst-watch.js'
export {
  type ChannelState,
  channelGoneKey,
  type EnableOutcome,
  enableChannel,
  listChannelStates,
} from './channel-admin.js'
export { createPipeline, type Pipeline, type PipelineDeps } from './create-pipeline.js'
export { ALL_DESTINATIONS, deleteLead } from './delete-lead.js'
export { type EnrichDeps, type EnrichOutcome, enrichLead, WAIT_FOR_SIGN_IN_MS, wakeLeadJobs } from './enrich-lead.js'
export { type LeadFields, type NormalizedLead, normalizeLead, searchText } from './lead-fields.js'
export { type Consent, type CustomAnswer, type MappedAnswers, mapAnswers } from './map-answers.js'
export { formatDisplayDate, normalizeUsState } from './normalize/index.js'
export { createOpsAlerts, type OpsAlerts, type OpsAlertsDeps } from './ops-alerts.js'
export { createProcessLeadHandler, type ProcessLeadDeps } from './process-lead-job.js'
export { PULL_PAGE_SIZE, PULL_WINDOW_MS, startPull } from './pull-leads.js'
export { type ReassignOutcome, reassignLead } from './reassign-lead.js'
export {
  createReceiveNotification,
  type ReceiveNotification,
  type ReceiveNotificationDeps,
  type ReceiveResult,
} from './receive-notification.js'
export { reconcileAll } from './reconcile.js'
export { DELIVER_JOB_MAX_ATTEMPTS, type ReplayOutcome, replayDelivery } from './replay-delivery.js'
export { factsForLead, routeAndAlert } from './route-lead.js'
export { createSignInLink, SIGN_IN_CALLBACK_PATH, SIGN_IN_PATH } from './sign-in-link.js'
export { collectStatus, type Status } from './status.js'
export type { ComparedSubscription, SnapshotInfo, SubscriptionMatch } from './subscription-comparison.js'
export {
  activeSubscriptions,
  lastChallenge,
  recordChallenge,
  revalidateSubscriptions,
  type SubscriptionState,
  subscribe,
  subscriptionStates,
  unsubscribe,
  WEBHOOK_PATH,
} from './subscriptions.js'
