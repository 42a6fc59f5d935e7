import { isIP } from 'node:net'
import { z } from 'zod'
import { isTimeZone } from '../util/index.js'
import { httpUrl } from './http-url.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const port = z.coerce.number().int().min(0).max(65535)
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

export const ServerSchema = z.object({
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
})

export const WebhookSchema = z.object({
  allowCidrs: cidrList,
  /** Requests a minute from one address that fail the signature check before it gets 429s. */
  badSignatureLimit: z.coerce.number().int().min(1).default(30),
  quarantineMax: z.coerce.number().int().min(10).default(10_000),
})

export const DatabaseSchema = z.object({
  url: databaseUrl.default('sqlite:./data/leadrelay.db'),
  sqliteSynchronous: z.enum(['FULL', 'NORMAL']).default('FULL'),
  postgresPoolSize: z.coerce.number().int().min(1).max(200).default(10),
  commitTimeoutMs: z.coerce.number().int().min(100).default(2000),
})

export const DisplaySchema = z.object({
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone such as America/New_York or America/Los_Angeles' })
    .default('America/New_York'),
})

export const WorkerSchema = z.object({
  concurrency: z.coerce.number().int().min(1).max(64).default(32),
  pollIntervalMs: z.coerce.number().int().min(10).default(1000),
  leaseMs: z.coerce.number().int().min(1000).default(60_000),
})

export const LogSchema = z.object({
  level: z.enum(LOG_LEVELS).default('info'),
})

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/')
  const family = isIP(address ?? '')
  if (family === 0 || rest.length > 0) return false
  if (bits === undefined) return true
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}
