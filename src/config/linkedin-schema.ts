import { z } from 'zod'
import { httpUrl } from './http-url.js'

/** A recent version; LinkedIn sunsets each after at least a year (426 NONEXISTENT_VERSION). */
export const DEFAULT_LINKEDIN_VERSION = '202610'

export const LinkedInSchema = z.object({
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
})

export const PullsSchema = z.object({
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
})
