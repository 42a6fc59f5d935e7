export { type VersionStatus, versionRejectedMessage, versionStatus } from './api-version.js'
export { type ConversionsClient, createConversionsClient, type NewConversionRule } from './conversions-client.js'
export {
  createDeveloperWebhooksClient,
  type DeveloperWebhook,
  type DeveloperWebhookStatus,
  type DeveloperWebhooksClient,
} from './developer-webhooks-client.js'
export { LinkedInApiError, type LinkedInErrorKind, nextUtcMidnight } from './errors.js'
export {
  createLeadSyncClient,
  LEAD_FIELDS,
  type LeadSearch,
  type LeadSyncClient,
  type LeadSyncClientDeps,
  type Owner,
  type Page,
} from './lead-sync-client.js'
export {
  type LeadForm,
  type LeadFormQuestion,
  type LeadFormResponse,
  LeadFormResponseSchema,
  LeadFormSchema,
  parseVersionedFormUrn,
} from './lead-types.js'
export { createLinkedInAccess, type LinkedInAccess } from './linkedin-access.js'
export {
  LEAD_ACTIONS,
  LEAD_TYPES,
  type LeadAction,
  type LeadNotification,
  type LeadType,
  type ParsedNotification,
  parseNotification,
  responseUrn,
  toEpochMs,
} from './notification.js'
export {
  createOAuthClient,
  type Introspection,
  LEAD_SYNC_SCOPES,
  type OAuthClient,
  type TokenResponse,
} from './oauth-client.js'
export {
  createOwnersClient,
  LEAD_TYPES_FOR,
  type OwnersClient,
  ownerFromUrn,
  type ReachableOwner,
} from './owners-client.js'
export { createRestTransport, type RestTransport, type RestTransportDeps } from './rest-transport.js'
export { encodeRestliKey, encodeRestliValue, type RestliValue, restliQuery } from './restli.js'
export {
  challengeResponse,
  isChallengeCode,
  type SecretSlot,
  type SignatureCheck,
  type SignatureVariant,
  type SigningSecrets,
  signNotification,
  verifySignature,
} from './signature.js'
export {
  createSubscriptionsClient,
  type LeadNotificationSubscription,
  type SubscriptionsClient,
} from './subscriptions-client.js'
export {
  createTokenManager,
  type StoredToken,
  type TokenManager,
  type TokenPersistence,
  type TokenStatus,
} from './token-manager.js'
export { createTokenPersistence } from './token-persistence.js'
