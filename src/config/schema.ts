import { z } from 'zod'
import { isTimeZone } from '../util/time-zone.js'

/** A recent version; LinkedIn sunsets each after at least a year (426 NONEXISTENT_VERSION). */
export const DEFAULT_LINKEDIN_VERSION = '202610'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const port = z.coerce.number().int().min(0).max(65535)
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })

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
    }),
    display: z.object({
      timeZone: z
        .string()
        .refine(isTimeZone, { error: 'must be an IANA time zone such as America/New_York or America/Los_Angeles' })
        .default('America/New_York'),
    }),
    api: z.object({
      token: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
    }),
    worker: z.object({
      concurrency: z.coerce.number().int().min(1).max(64).default(4),
      pollIntervalMs: z.coerce.number().int().min(10).default(1000),
      leaseMs: z.coerce
        .number()
        .int()
        .min(1000)
        .default(5 * 60_000),
    }),
    log: z.object({
      level: z.enum(LOG_LEVELS).default('info'),
    }),
  })
  .superRefine((config, ctx) => {
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
