import { isIP } from 'node:net'
import { z } from 'zod'
import { crossCheckRules, RoutingSchema, ScoringSchema, TeamSchema } from '../routing/index.js'
import { checkSequences, SequencesConfigShape } from '../sequences/index.js'
import { isTimeZone } from '../util/index.js'
import { ChannelConfigSchema } from './channels-schema.js'
import { ConversionsSchema, OutcomesSchema } from './outcomes-schema.js'

/** A recent version; LinkedIn sunsets each after at least a year (426 NONEXISTENT_VERSION). */
export const DEFAULT_LINKEDIN_VERSION = '202610'

const TOKEN_HINT = 'generate one with: openssl rand -hex 32'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const port = z.coerce.number().int().min(0).max(65535)
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

const NO_KEY_HINT = 'generate one with: openssl rand -base64 32, and keep it safe'
const envBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
const ms = (fallback: number) => z.coerce.number().int().min(100).max(600_000).default(fallback)

/** Fastify's trustProxy: false, true, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
const trustProxy = z
  .union([z.boolean(), z.number().int().min(1), z.string()])
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value
    if (value === 'true' || value === 'false') return value === 'true'
    if (/^\d+$/.test(value)) return Number(value)
    const list = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
    if (list.length === 0 || !list.every(isAddressOrCidr)) {
      ctx.addIssue({ code: 'custom', message: 'must be true, false, a hop count or a list of proxy IPs/CIDRs' })
      return z.NEVER
    }
    return list.join(',')
  })
  .default(false)

const cidrList = z
  .string()
  .transform((value, ctx) => {
    const list = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
    const bad = list.find((entry) => !isAddressOrCidr(entry))
    if (bad !== undefined || list.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be comma-separated IPs or CIDRs (e.g. 203.0.113.0/24), not "${bad}"`,
      })
      return z.NEVER
    }
    return list
  })
  .optional()

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^sqlite:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value), {
    error: 'must be sqlite:PATH (e.g. sqlite:./data/leadrelay.db) or postgres://user:pass@host:5432/db',
  })

export const ConfigSchema = z
  .object({
    server: z.object({
      host: z.string().min(1).default('0.0.0.0'),
      port: port.default(8080),
      publicUrl: httpUrl.optional(),
      tlsCertFile: z.string().min(1).optional(),
      tlsKeyFile: z.string().min(1).optional(),
      role: z.enum(['all', 'web', 'worker']).default('all'),
      requestTimeoutMs: ms(15_000),
      headersTimeoutMs: ms(10_000),
      idleTimeoutMs: ms(10_000),
      maxConnections: z.coerce.number().int().min(10).max(1_000_000).default(2_000),
      maxConnectionsPerAddress: z.coerce.number().int().min(1).default(100),
      trustProxy,
    }),
    webhook: z.object({
      allowCidrs: cidrList,
      /** Requests a minute from one address that fail the signature check before it gets 429s. */
      badSignatureLimit: z.coerce.number().int().min(1).default(30),
      quarantineMax: z.coerce.number().int().min(10).default(10_000),
    }),
    database: z.object({
      url: databaseUrl.default('sqlite:./data/leadrelay.db'),
      sqliteSynchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
      postgresPoolSize: z.coerce.number().int().min(1).max(200).default(10),
      commitTimeoutMs: z.coerce.number().int().min(100).default(2000),
    }),
    linkedin: z.object({
      clientId: z.string().min(1).optional(),
      clientSecret: z.string().min(1).optional(),
      clientSecretPrevious: z.string().min(1).optional(),
      apiUrl: httpUrl.default('https://api.linkedin.com'),
      oauthUrl: httpUrl.default('https://www.linkedin.com'),
      version: z
        .string()
        .regex(/^\d{6}$/, { error: 'must be a LinkedIn API version as YYYYMM, e.g. 202610' })
        .default(DEFAULT_LINKEDIN_VERSION),
      timeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
      accessToken: z.string().min(1).optional(),
      refreshToken: z.string().min(1).optional(),
    }),
    security: z.object({
      secretKey: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
      allowPlaintextSecrets: envBoolean.default(false),
      encryptPersonalData: envBoolean.default(false),
    }),
    display: z.object({
      timeZone: z
        .string()
        .refine(isTimeZone, { error: 'must be an IANA time zone such as America/New_York or America/Los_Angeles' })
        .default('America/New_York'),
    }),
    api: z.object({
      token: z
        .string()
        .min(32, { error: `must be at least 32 characters; ${TOKEN_HINT}` })
        .refine((t) => new Set(t).size > 1, { error: `must not be one repeated character; ${TOKEN_HINT}` })
        .optional(),
    }),
    worker: z.object({
      concurrency: z.coerce.number().int().min(1).max(64).default(32),
      pollIntervalMs: z.coerce.number().int().min(10).default(1000),
      leaseMs: z.coerce.number().int().min(1000).default(60_000),
    }),
    log: z.object({
      level: z.enum(LOG_LEVELS).default('info'),
    }),
    alerts: z.object({
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
      webhookSecret: z
        .string()
        .startsWith('whsec_', { error: 'must be a Standard Webhooks secret (whsec_…)' })
        .optional(),
      ackLinkTtlHours: z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 90)
        .default(24 * 7),
    }),
    escalation: z.object({
      /** Minutes without acknowledgement before escalating, per priority; 0 never escalates. */
      hotMinutes: z.coerce.number().int().min(0).default(5),
      warmMinutes: z.coerce.number().int().min(0).default(30),
      coldMinutes: z.coerce.number().int().min(0).default(0),
    }),
    pulls: z.object({
      /** Local time (DISPLAY_TIME_ZONE) of the daily reconciliation pull. */
      reconcileAt: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM, e.g. 03:00' })
        .default('03:00'),
      reconcileWindowHours: z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(48),
      backfillDays: z.coerce.number().int().min(0).max(365).default(365),
      alertMaxAgeHours: z.coerce.number().min(0).default(24),
    }),
    crm: z.object({
      hubspotAccessToken: z.string().min(1).optional(),
      /** Unset: the HubSpot channel's own default (channels-schema.ts). */
      hubspotApiUrl: httpUrl.optional(),
      salesforceInstanceUrl: httpUrl.optional(),
      salesforceLoginUrl: httpUrl.optional(),
      salesforceClientId: z.string().min(1).optional(),
      salesforceClientSecret: z.string().min(1).optional(),
      teamsWebhookUrl: httpUrl.optional(),
    }),
    ops: z.object({
      /** Operator alerts (missed webhooks, blocked challenges, expiring tokens) go here, apart from sales alerts. */
      slackWebhookUrl: httpUrl.optional(),
      webhookUrl: httpUrl.optional(),
      webhookSecret: z
        .string()
        .startsWith('whsec_', { error: 'must be a Standard Webhooks secret (whsec_…)' })
        .optional(),
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
    }),
    dashboard: z.object({
      adminEmail: z.email({ error: 'must be an e-mail address' }).optional(),
      adminPassword: z.string().min(10, { error: 'must be at least 10 characters' }).optional(),
      sessionIdleMinutes: z.coerce
        .number()
        .int()
        .min(5)
        .default(8 * 60),
      sessionMaxHours: z.coerce
        .number()
        .int()
        .min(1)
        .default(7 * 24),
      repsCanReassign: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).default(true),
    }),
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

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/')
  const family = isIP(address ?? '')
  if (family === 0 || rest.length > 0) return false
  if (bits === undefined) return true
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}
