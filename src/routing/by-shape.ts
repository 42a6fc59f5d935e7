import { z } from 'zod'

/**
 * Parses with the schema `choose` picks from the input's keys. A plain union would report a bare
 * "invalid input" when the input fails every branch; this reports the problems of the branch the author
 * meant, at their paths.
 */
export function byShape<T>(choose: (input: Record<string, unknown>) => z.ZodType<T> | undefined, shapes: string) {
  return z.unknown().transform((input, ctx): T => {
    const schema =
      typeof input === 'object' && input !== null && !Array.isArray(input)
        ? choose(input as Record<string, unknown>)
        : undefined
    if (!schema) {
      ctx.addIssue({ code: 'custom', message: `must be ${shapes}` })
      return z.NEVER
    }
    const result = schema.safeParse(input)
    if (result.success) return result.data
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message })
    return z.NEVER
  })
}
