// The alert side of the bench's lead → alert phases: a Standard Webhooks receiver that notes when each lead's
// alert arrived, and a wrapper around the simulator's `fetch` that notes each notification POST and its answer.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface Distribution {
  readonly count: number
  readonly mean: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly min: number
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort()
  const at = (q: number) =>
    sorted.length ? (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) : 0
  const mean = sorted.length ? sorted.reduce((sum, value) => sum + value, 0) / sorted.length : 0
  return {
    count: sorted.length,
    mean,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? 0) : 0,
    min: sorted.length ? (sorted[0] ?? 0) : 0,
  }
}

/** The lead id of a `urn:li:leadGenFormResponse:<id>` (what LeadRelay puts in the alert's `data.leadId`). */
export const leadIdOf = (urn: unknown) => (typeof urn === 'string' ? urn.slice(urn.lastIndexOf(':') + 1) : '')

/** `/rest/leadFormResponses/<id>?…` → the id, decoded; undefined for any other call. */
export function restLeadId(url: string): string | undefined {
  const match = /^\/rest\/leadFormResponses\/([^?/]+)/.exec(url)
  if (!match?.[1]) return undefined
  try {
    return decodeURIComponent(match[1])
  } catch {
    return match[1]
  }
}

export interface Alert {
  readonly arrivedAt: number
}

/**
 * The alert channel: a node:http server that records, per `data.leadId`, when the first alert's body had
 * arrived, then verifies its Standard Webhooks signature (counted, not blocking) and answers 200.
 */
export async function startReceiver(secret: string) {
  const verifier = new Webhook(secret)
  const alerts = new Map<string, Alert>()
  let repeated = 0
  let badSignatures = 0
  let unreadable = 0
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const arrivedAt = performance.now()
      const body = Buffer.concat(chunks).toString('utf8')
      let leadId: unknown
      try {
        leadId = (JSON.parse(body) as { data?: { leadId?: unknown } }).data?.leadId
      } catch {
        leadId = undefined
      }
      if (typeof leadId !== 'string') unreadable++
      else if (alerts.has(leadId)) repeated++
      else alerts.set(leadId, { arrivedAt })
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      )
      try {
        verifier.verify(body, headers)
      } catch {
        badSignatures++
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    alerts,
    counts: () => ({ repeated, badSignatures, unreadable }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export interface Notified {
  readonly postStartedAt: number
  answeredAt?: number
  status?: number
}

/**
 * The simulator sends notifications with the global `fetch`: wrapped here, it tells when each POST to
 * LeadRelay's webhook started and when its answer's headers came back, per lead. Everything else passes through.
 */
export function watchNotifications(webhookUrl: string) {
  const notified = new Map<string, Notified>()
  const original = globalThis.fetch
  const wrapped: typeof fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (url !== webhookUrl || init?.method !== 'POST' || typeof init.body !== 'string') return original(input, init)
    const record: Notified = { postStartedAt: performance.now() }
    const leadId = leadIdOf((JSON.parse(init.body) as { leadGenFormResponse?: unknown }).leadGenFormResponse)
    if (!notified.has(leadId)) notified.set(leadId, record)
    const response = await original(input, init)
    record.answeredAt = performance.now()
    record.status = response.status
    return response
  }
  globalThis.fetch = wrapped
  return {
    notified,
    restore: () => {
      if (globalThis.fetch === wrapped) globalThis.fetch = original
    },
  }
}
