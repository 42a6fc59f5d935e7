import { z } from 'zod'
import { crossCheckRules, RoutingSchema, ScoringSchema, TeamSchema } from '../routing/index.js'
import { checkSequences, SequencesConfigShape } from '../sequences/index.js'
import { ApiSchema, DashboardSchema, SecuritySchema } from './access-schema.js'
import { ChannelConfigSchema } from './channels-schema.js'
import { AlertsSchema, CrmSchema, EscalationSchema, OpsSchema } from './delivery-schema.js'
import { LinkedInSchema, PullsSchema } from './linkedin-schema.js'
import { ConversionsSchema, OutcomesSchema } from './outcomes-schema.js'
import { DatabaseSchema, DisplaySchema, LogSchema, ServerSchema, WebhookSchema, WorkerSchema } from './server-schema.js'

export { DEFAULT_LINKEDIN_VERSION } from './linkedin-schema.js'

const NO_KEY_HINT = 'generate one with: openssl rand -base64 32, and keep it safe'

export const ConfigSchema = z
  .object({
    server: ServerSchema,
    webhook: WebhookSchema,
    database: DatabaseSchema,
    linkedin: LinkedInSchema,
    security: SecuritySchema,
    display: DisplaySchema,
    api: ApiSchema,
    worker: WorkerSchema,
    log: LogSchema,
    alerts: AlertsSchema,
    escalation: EscalationSchema,
    pulls: PullsSchema,
    crm: CrmSchema,
    ops: OpsSchema,
    dashboard: DashboardSchema,
    team: TeamSchema.optional(),
    scoring: ScoringSchema.default({ rules: [], bands: { hot: 70, warm: 40 } }),
    routing: RoutingSchema.default({ rules: [] }),
    channels: z.array(ChannelConfigSchema).default([]),
    ...SequencesConfigShape,
    outcomes: OutcomesSchema,
    conversions: ConversionsSchema,
  })
  .superRefine((config, ctx) => {
    if (config.security.encryptPersonalData && !config.security.secretKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['security', 'encryptPersonalData'],
        message: `needs LEADRELAY_SECRET_KEY, the key personal data is encrypted with (${NO_KEY_HINT})`,
      })
    }
    if (config.team) {
      for (const issue of crossCheckRules({ team: config.team, scoring: config.scoring, routing: config.routing })) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message })
      }
    } else if (config.routing.rules.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['team'],
        message: 'routing rules need a team (members and a fallbackOwner)',
      })
    }
    const names = new Set<string>()
    config.channels.forEach((channel, i) => {
      if (names.has(channel.name))
        ctx.addIssue({
          code: 'custom',
          path: ['channels', i, 'name'],
          message: `duplicate channel name "${channel.name}"`,
        })
      names.add(channel.name)
    })
    if (
      config.team?.managerChannel &&
      !names.has(config.team.managerChannel) &&
      !['slack', 'email', 'webhook'].includes(config.team.managerChannel)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['team', 'managerChannel'],
        message: `unknown channel "${config.team.managerChannel}"`,
      })
    }
    const { smtpUrl, emailFrom, emailTo, webhookUrl, webhookSecret } = config.alerts
    if (smtpUrl && (!emailFrom || !emailTo)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', emailFrom ? 'emailTo' : 'emailFrom'],
        message: 'SMTP_URL needs ALERT_EMAIL_FROM and ALERT_EMAIL_TO',
      })
    }
    if (Boolean(config.ops.webhookUrl) !== Boolean(config.ops.webhookSecret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ops', config.ops.webhookUrl ? 'webhookSecret' : 'webhookUrl'],
        message: 'OPS_WEBHOOK_URL and OPS_WEBHOOK_SECRET go together',
      })
    }
    if (config.ops.emailTo && !(smtpUrl && emailFrom)) {
      ctx.addIssue({
        code: 'custom',
        path: ['ops', 'emailTo'],
        message: 'OPS_EMAIL_TO needs SMTP_URL and ALERT_EMAIL_FROM',
      })
    }
    if (Boolean(webhookUrl) !== Boolean(webhookSecret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['alerts', webhookUrl ? 'webhookSecret' : 'webhookUrl'],
        message: 'ALERT_WEBHOOK_URL and ALERT_WEBHOOK_SECRET go together',
      })
    }
    if (config.server.headersTimeoutMs > config.server.requestTimeoutMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'headersTimeoutMs'],
        message: 'must not exceed REQUEST_TIMEOUT_MS',
      })
    }
    for (const problem of checkSequences(config)) ctx.addIssue({ code: 'custom', ...problem })
    if (Boolean(config.dashboard.adminEmail) !== Boolean(config.dashboard.adminPassword)) {
      ctx.addIssue({
        code: 'custom',
        path: ['dashboard', config.dashboard.adminEmail ? 'adminPassword' : 'adminEmail'],
        message: 'LEADRELAY_ADMIN_EMAIL and LEADRELAY_ADMIN_PASSWORD go together',
      })
    }
    const { tlsCertFile, tlsKeyFile } = config.server
    if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile)) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', tlsCertFile ? 'tlsKeyFile' : 'tlsCertFile'],
        message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together',
      })
    }
  })

export type Config = z.infer<typeof ConfigSchema>
