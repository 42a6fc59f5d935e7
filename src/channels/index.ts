/**
 * Alert channels: one `Channel` interface, one adapter per destination. Adapters send once and classify the
 * answer as delivered, retry (with notBefore), rejected or gone; the deliver job decides what happens next.
 */

export { type Channels, type ChannelsDeps, createChannels } from './build-channels.js'
export type {
  AlertOwner,
  Channel,
  ConversionFacts,
  CrmLeadState,
  CrmTask,
  DeletionRequest,
  DeliveryOutcome,
  LeadAlert,
  OpsMessage,
  OwnerQuery,
  Priority,
  SendContext,
  TaskToSend,
} from './channel.js'
export {
  classifyHttpResponse,
  classifyNetworkError,
  MAX_RETRY_AFTER_MS,
  retryAfter,
} from './classify-http-response.js'
export { classifySmtpError } from './classify-smtp-error.js'
export { channelConfigs, createChannel, opsChannelConfigs } from './create-channels.js'
export {
  createDeliverHandler,
  type DeliverDeps,
  type DeliverySender,
  PACE_MS,
  type SenderOutcome,
} from './deliver-job.js'
export { createEmailChannel, type EmailChannel, type EmailChannelOptions, messageIdFor } from './email.js'
export { createHubSpotChannel, type HubSpotChannelOptions, HubSpotLookupError } from './hubspot.js'
export { DEFAULT_HUBSPOT_FIELD_MAPPING } from './hubspot-properties.js'
export { CONVERSIONS_CHANNEL, createLinkedInConversionsChannel, sha256Email } from './linkedin-conversions.js'
export {
  createWebhookChannel,
  type WebhookChannelOptions,
  type WebhookEventType,
  webhookId,
  webhookPayload,
} from './outgoing-webhook.js'
export { DEFAULT_TIMEOUT_MS } from './post-json.js'
export { createSalesforceChannel, type SalesforceChannelOptions, SalesforceLookupError } from './salesforce.js'
export {
  createSalesforceAuth,
  type SalesforceAuth,
  type SalesforceAuthOptions,
  type SalesforceSession,
} from './salesforce-auth.js'
export { DEFAULT_SALESFORCE_FIELD_MAPPING } from './salesforce-fields.js'
export { createSlackChannel, type SlackChannelOptions } from './slack.js'
export { createSlackDirectMessenger, type SlackDirectMessage, type SlackDirectMessenger } from './slack-dm.js'
export { DIGEST_LISTED, digestMessage, leadMessage, type SlackBlock, type SlackMessage } from './slack-message.js'
export { createTeamsChannel, type TeamsChannelOptions } from './teams.js'
export { type AdaptiveCard, type TeamsMessage, teamsLeadMessage } from './teams-card.js'
export {
  createEmailTemplates,
  DEFAULT_EMAIL_TEMPLATES,
  type EmailPart,
  type EmailTemplateSources,
  type EmailTemplates,
  type RenderedEmail,
  TemplateError,
  templateVariables,
} from './templates.js'
