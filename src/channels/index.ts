/**
 * Alert channels: one `Channel` interface, one adapter per destination. Adapters send once and classify the
 * answer as delivered, retry (with notBefore), rejected or gone; the deliver job decides what happens next.
 */
export type { AlertOwner, Channel, DeliveryOutcome, LeadAlert, Priority, SendContext } from './channel.js'
export {
  classifyHttpResponse,
  classifyNetworkError,
  MAX_RETRY_AFTER_MS,
  retryAfter,
} from './classify-http-response.js'
export { classifySmtpError } from './classify-smtp-error.js'
export { createEmailChannel, type EmailChannel, type EmailChannelOptions, messageIdFor } from './email.js'
export {
  createWebhookChannel,
  type WebhookChannelOptions,
  type WebhookEventType,
  webhookId,
  webhookPayload,
} from './outgoing-webhook.js'
export { DEFAULT_TIMEOUT_MS } from './post-json.js'
export { createSlackChannel, type SlackChannelOptions } from './slack.js'
export { DIGEST_LISTED, digestMessage, leadMessage, type SlackBlock, type SlackMessage } from './slack-message.js'
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
