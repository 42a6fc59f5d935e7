import { z } from 'zod'

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be lower-case letters, digits and dashes (e.g. sales-slack)' })
const url = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
const emails = z
  .union([z.email(), z.array(z.email()).min(1)])
  .transform((value) => (Array.isArray(value) ? value : [value]))
/** Test leads are alerted with a clear TEST marker unless a channel mutes them. */
const sendTestLeads = z.boolean().default(true)

const SlackChannel = z
  .strictObject({
    type: z.literal('slack'),
    name,
    /** Incoming webhook URL (https://hooks.slack.com/services/…). */
    webhookUrl: url.optional(),
    /** Or a bot token (xoxb-…) with a channel id, for chat.postMessage. */
    botToken: z.string().startsWith('xoxb-', { error: 'must be a bot token (xoxb-…)' }).optional(),
    channel: z.string().min(1).optional(),
    apiUrl: url.default('https://slack.com/api'),
    /** With a bot token: also message the owner directly. */
    dmOwner: z.boolean().default(false),
    sendTestLeads,
  })
  .refine((c) => c.webhookUrl !== undefined || (c.botToken !== undefined && c.channel !== undefined), {
    error: 'needs webhookUrl, or botToken and channel',
  })

const EmailChannel = z.strictObject({
  type: z.literal('email'),
  name,
  /** smtp://user:pass@host:587 or smtps://…:465 */
  smtpUrl: z.string().regex(/^smtps?:\/\/.+/, { error: 'must be smtp://… or smtps://…' }),
  from: z.string().min(3),
  to: emails,
  /** Also e-mail the lead's owner. */
  toOwner: z.boolean().default(false),
  templates: z
    .strictObject({ subject: z.string().optional(), text: z.string().optional(), html: z.string().optional() })
    .optional(),
  sendTestLeads,
})

const WebhookChannel = z.strictObject({
  type: z.literal('webhook'),
  name,
  url,
  /** Standard Webhooks signing secret. */
  secret: z.string().startsWith('whsec_', { error: 'must be a Standard Webhooks secret (whsec_…)' }),
  sendTestLeads,
})

const minutesByPriority = z
  .strictObject({ hot: z.number().int().min(0), warm: z.number().int().min(0), cold: z.number().int().min(0) })
  .default({ hot: 15, warm: 120, cold: 1440 })
/** Team member id → the person's id in the CRM (HubSpot owner id, Salesforce user id). */
const owners = z.record(z.string(), z.string()).default({})
/** CRMs never receive test leads unless a channel opts in. */
const crmTestLeads = z.boolean().default(false)

const HubSpotChannel = z.strictObject({
  type: z.literal('hubspot'),
  name,
  accessToken: z.string().min(1),
  apiUrl: url.default('https://api.hubapi.com'),
  owners,
  lifecycleStage: z.string().nullable().default('lead'),
  leadStatus: z.string().nullable().default('NEW'),
  linkedinLeadIdProperty: z.string().optional(),
  taskRecordProperty: z.string().default('leadrelay_task_ref'),
  fieldMapping: z.record(z.string(), z.string()).optional(),
  taskDue: minutesByPriority,
  deletion: z.enum(['delete', 'clear']).default('delete'),
  sendTestLeads: crmTestLeads,
})

const SalesforceChannel = z.strictObject({
  type: z.literal('salesforce'),
  name,
  /** The My Domain (or login) URL the OAuth token request goes to. */
  loginUrl: url.default('https://login.salesforce.com'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  apiVersion: z.string().default('62.0'),
  externalIdField: z.string().default('LinkedIn_Lead_Id__c'),
  taskExternalIdField: z.string().default('LeadRelay_Delivery_Key__c'),
  owners,
  leadSource: z.string().default('LinkedIn Lead Gen'),
  fieldMapping: z.record(z.string(), z.string()).optional(),
  taskDue: minutesByPriority,
  deletion: z.enum(['delete', 'clear']).default('delete'),
  sendTestLeads: crmTestLeads,
})

const TeamsChannel = z.strictObject({
  type: z.literal('teams'),
  name,
  /** A Teams Workflows (or incoming webhook) URL. */
  webhookUrl: url,
  sendTestLeads,
})

export const ChannelConfigSchema = z.discriminatedUnion('type', [
  SlackChannel,
  EmailChannel,
  WebhookChannel,
  HubSpotChannel,
  SalesforceChannel,
  TeamsChannel,
])
export type ChannelConfig = z.infer<typeof ChannelConfigSchema>
