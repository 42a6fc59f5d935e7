import { z } from 'zod'

export const FAULT_KINDS = ['429', '429-retry-after', '500', '401-expired', '403', 'slow'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

/** Endpoints are named by their resource: `leadFormResponses`, `leadForms`, `leadNotifications`, `accessToken`, … or `*`. */
export const FaultSpec = z.object({
  endpoint: z.string().min(1),
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(100_000).default(1),
  retryAfterSeconds: z.number().int().min(0).max(86_400).default(1),
  delayMs: z.number().int().min(0).max(120_000).default(5_000),
})
export type FaultSpec = z.infer<typeof FaultSpec>

export interface Fault extends FaultSpec {
  readonly id: number
  remaining: number
}

/** The next N calls to an endpoint misbehave; faults are consumed in the order they were added. */
export function createFaults() {
  let nextId = 1
  let faults: Fault[] = []
  return {
    add(spec: FaultSpec): Fault {
      const fault = { ...spec, id: nextId++, remaining: spec.count }
      faults.push(fault)
      return fault
    },
    take(endpoint: string): Fault | undefined {
      const fault = faults.find((f) => f.endpoint === endpoint || f.endpoint === '*')
      if (!fault) return undefined
      fault.remaining -= 1
      if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault)
      return fault
    },
    list: (): readonly Fault[] => faults,
    clear() {
      faults = []
    },
  }
}
export type Faults = ReturnType<typeof createFaults>
