import { z } from 'zod'

const TOKEN_HINT = 'generate one with: openssl rand -hex 32'

const envBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])

export const SecuritySchema = z.object({
  secretKey: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  allowPlaintextSecrets: envBoolean.default(false),
  encryptPersonalData: envBoolean.default(false),
})

export const ApiSchema = z.object({
  token: z
    .string()
    .min(32, { error: `must be at least 32 characters; ${TOKEN_HINT}` })
    .refine((t) => new Set(t).size > 1, { error: `must not be one repeated character; ${TOKEN_HINT}` })
    .optional(),
})

export const DashboardSchema = z.object({
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
})
