import { z } from 'zod'

/** Every URL-valued key takes an http:// or https:// URL. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
