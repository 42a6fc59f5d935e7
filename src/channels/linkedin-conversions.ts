import { createHash } from 'node:crypto'
import { type Clock, systemClock } from '../util/index.js'
import type { Channel, DeliveryOutcome, LeadAlert, SendContext } from './channel.js'
import { classifyHttpResponse, classifyNetworkError } from './classify-http-response.js'
import { DEFAULT_TIMEOUT_MS } from './post-json.js'
import { readLimited } from './vendor-response.js'

/** The channel that carries outcomes to LinkedIn's Conversions API (deliveries `conversion:<stage>`). */
export const CONVERSIONS_CHANNEL = 'linkedin-conversions'

/** LinkedIn refuses events that happened more than 90 days before they arrive. */
const MAX_AGE_MS = 90 * 86_400_000
/** One BATCH_CREATE carries at most 5,000 events; digests stay far below (the deliver job takes 50). */
const MAX_BODY_BYTES = 256 * 1024

export interface LinkedInConversionsOptions {
  readonly name: string
  readonly apiUrl: string
  readonly version: string
  /** Outcome stage → conversion rule URN (`urn:lla:llaPartnerConversion:123`). */
  readonly rules: Readonly<Record<string, string | undefined>>
  readonly accessToken: () => Promise<string>
  /** Called once after a 401. */
  readonly refreshAccessToken: () => Promise<string>
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

/** SHA-256 of the trimmed, lower-cased address, in hex: the `SHA256_EMAIL` user id LinkedIn matches on. */
export function sha256Email(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex')
}

/** One conversion event in LinkedIn's shape; `eventId` is `<lead response id>:<stage>`, so a resend never counts twice. */
export function conversionEvent(alert: LeadAlert, rule: string) {
  const conversion = alert.conversion
  if (!conversion) throw new Error('not a conversion delivery')
  const country = alert.fields?.country ?? null
  const userInfo =
    alert.firstName && alert.lastName
      ? {
          firstName: alert.firstName,
          lastName: alert.lastName,
          ...(alert.jobTitle ? { title: alert.jobTitle } : {}),
          ...(alert.company ? { companyName: alert.company } : {}),
          ...(country && /^[A-Za-z]{2}$/.test(country) ? { countryCode: country.toUpperCase() } : {}),
        }
      : undefined
  return {
    conversion: rule,
    conversionHappenedAt: conversion.happenedAt,
    ...(conversion.amount !== null && conversion.currency
      ? { conversionValue: { currencyCode: conversion.currency, amount: conversion.amount.toFixed(2) } }
      : {}),
    eventId: `${alert.leadId}:${conversion.stage}`,
    user: {
      // LinkedIn wants userIds on every event, empty when only userInfo identifies the person.
      userIds: alert.email ? [{ idType: 'SHA256_EMAIL', idValue: sha256Email(alert.email) }] : [],
      ...(userInfo ? { userInfo } : {}),
    },
  }
}

/**
 * Outcomes to LinkedIn's Conversions API (`POST /rest/conversionEvents`), one event per lead and stage; several due
 * at once go as one `BATCH_CREATE`. Because each event carries a deterministic `eventId`, resending a whole batch
 * after a partial failure cannot double-count the events LinkedIn already took.
 */
export function createLinkedInConversionsChannel(options: LinkedInConversionsOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  const base = options.apiUrl.replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS

  async function post(body: unknown, batch: boolean, signal: AbortSignal, token: string) {
    return fetch(`${base}/rest/conversionEvents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'linkedin-version': options.version,
        'x-restli-protocol-version': '2.0.0',
        'content-type': 'application/json',
        ...(batch ? { 'x-restli-method': 'BATCH_CREATE' } : {}),
      },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    })
  }

  async function send(alerts: readonly LeadAlert[], context: SendContext): Promise<DeliveryOutcome> {
    const now = clock.now()
    const events = []
    for (const alert of alerts) {
      const stage = alert.conversion?.stage
      const rule = stage ? options.rules[stage] : undefined
      if (!alert.conversion || !rule)
        return { kind: 'rejected', reason: `no conversion rule configured for ${stage ?? 'this delivery'}` }
      if (now.getTime() - alert.conversion.happenedAt > MAX_AGE_MS)
        return {
          kind: 'rejected',
          reason: `${stage} happened more than 90 days ago: LinkedIn accepts only the last 90 days`,
        }
      events.push(conversionEvent(alert, rule))
    }
    const batch = events.length > 1
    const body = batch ? { elements: events } : events[0]
    let response: Response
    try {
      response = await post(body, batch, context.signal, await options.accessToken())
      if (response.status === 401) {
        await response.body?.cancel()
        response = await post(body, batch, context.signal, await options.refreshAccessToken())
      }
    } catch (error) {
      return classifyNetworkError(error, timeoutMs)
    }
    const text = await readLimited(response, MAX_BODY_BYTES).catch(() => '')
    if (response.status === 403)
      return {
        kind: 'rejected',
        reason:
          'HTTP 403: LinkedIn refused the conversion event; the access token needs the rw_conversions scope (sign in again with it) and the member a role on the ad account',
      }
    if (response.status === 401)
      return { kind: 'rejected', reason: 'HTTP 401: the LinkedIn access token is not valid; sign in again' }
    const outcome = classifyHttpResponse(response.status, response.headers, now, text)
    if (outcome.kind !== 'delivered' || !batch) return outcome
    return batchOutcome(text, events.length)
  }

  return {
    name: options.name,
    type: 'linkedin-conversions',
    // Test leads are never sent: they would count as conversions on real campaigns.
    sendTestLeads: false,
    send: (alert, context) => send([alert], context),
    sendDigest: (alerts, context) => send(alerts, context),
  }
}

/** BATCH_CREATE answers 200 with one `{ status }` per element, in order. */
function batchOutcome(text: string, count: number): DeliveryOutcome {
  let statuses: number[]
  try {
    statuses = ((JSON.parse(text) as { elements?: { status?: number }[] }).elements ?? []).map((e) => e.status ?? 0)
  } catch {
    return { kind: 'retry', reason: 'BATCH_CREATE answered without a readable elements list' }
  }
  if (statuses.length === count && statuses.every((s) => s >= 200 && s < 300)) return { kind: 'delivered' }
  const failed = statuses.filter((s) => !(s >= 200 && s < 300))
  if (failed.length === count && failed.every((s) => s >= 400 && s < 500))
    return { kind: 'rejected', reason: `LinkedIn refused all ${count} conversion events (HTTP ${failed[0]})` }
  // Some went in: resending the batch is safe (eventIds dedupe), and the refused ones fail on their own later.
  return { kind: 'retry', reason: `LinkedIn took ${count - failed.length} of ${count} conversion events` }
}
