import { z } from 'zod'
import { httpUrl } from './http-url.js'

export const AlertsSchema = z.object({
  slackWebhookUrl: httpUrl.optional(),
  slackSigningSecret: z.string().min(1).optional(),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\/.+/, { error: 'must be smtp://… or smtps://…' })
    .optional(),
  emailFrom: z.string().min(3).optional(),
  /** Comma-separated addresses. */
  emailTo: z.string().min(3).optional(),
  webhookUrl: httpUrl.optional(),
  webhookSecret: z.string().startsWith('whsec_', { error: 'must be a Standard Webhooks secret (whsec_…)' }).optional(),
  ackLinkTtlHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
})

export const EscalationSchema = z.object({
  /** Minutes without acknowledgement before escalating, per priority; 0 never escalates. */
  hotMinutes: z.coerce.number().int().min(0).default(5),
  warmMinutes: z.coerce.number().int().min(0).default(30),
  coldMinutes: z.coerce.number().int().min(0).default(0),
})

export const CrmSchema = z.object({
  hubspotAccessToken: z.string().min(1).optional(),
  /** Unset: the HubSpot channel's own default (channels-schema.ts). */
  hubspotApiUrl: httpUrl.optional(),
  salesforceInstanceUrl: httpUrl.optional(),
  salesforceLoginUrl: httpUrl.optional(),
  salesforceClientId: z.string().min(1).optional(),
  salesforceClientSecret: z.string().min(1).optional(),
  teamsWebhookUrl: httpUrl.optional(),
})

export const OpsSchema = z.object({
  /** Operator alerts (missed webhooks, blocked challenges, expiring tokens) go here, apart from sales alerts. */
  slackWebhookUrl: httpUrl.optional(),
  webhookUrl: httpUrl.optional(),
  webhookSecret: z.string().startsWith('whsec_', { error: 'must be a Standard Webhooks secret (whsec_…)' }).optional(),
  /** Comma-separated; sent through SMTP_URL from ALERT_EMAIL_FROM. */
  emailTo: z.string().min(3).optional(),
  challengeSilenceMinutes: z.coerce.number().int().min(10).default(135),
  healthCheckMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Erase leads' personal data this many days after they arrived; 0 keeps them. */
  retentionDays: z.coerce.number().int().min(0).default(0),
})
