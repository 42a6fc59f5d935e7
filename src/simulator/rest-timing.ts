import type { FastifyInstance } from 'fastify'

/** One `/rest` call as the simulator saw it; times are this process's `performance.now()`, in ms. */
export interface RestCall {
  readonly method: string
  /** Path and query, as requested. */
  readonly url: string
  readonly statusCode: number
  /** When the request reached the simulator (before the configured latency). */
  readonly receivedAt: number
  /** When the answer had been handed to the socket. */
  readonly respondedAt: number
}

declare module 'fastify' {
  interface FastifyRequest {
    restReceivedAt?: number
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Hooks for the `/rest` scope, registered before the guard: `onRestCall` sees every call with its arrival and
 * answer times, then every call waits `latencyMs` (LinkedIn's own response time) before anything else runs,
 * errors included. 0 adds no timer at all.
 */
export function addRestTiming(
  rest: FastifyInstance,
  options: { readonly latencyMs?: number; readonly onRestCall?: (call: RestCall) => void },
) {
  const { latencyMs = 0, onRestCall } = options
  if (onRestCall) {
    rest.addHook('onRequest', async (request) => {
      request.restReceivedAt = performance.now()
    })
    rest.addHook('onResponse', async (request, reply) => {
      onRestCall({
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        receivedAt: request.restReceivedAt ?? performance.now(),
        respondedAt: performance.now(),
      })
    })
  }
  if (latencyMs > 0) {
    rest.addHook('onRequest', async () => {
      await sleep(latencyMs)
    })
  }
}
