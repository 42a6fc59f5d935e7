import { randomUUID } from 'node:crypto'
import { signNotification } from '../src/linkedin/signature.js'

export const WEBHOOK_PATH = '/webhooks/linkedin'

export interface SignedNotification {
  /** The response id LeadRelay stores as `lead_id` (the URN's last segment). */
  readonly responseId: string
  readonly body: string
  readonly signature: string
}

/** A LEAD_ACTION notification as LinkedIn sends it, with a fresh response id, signed with `"hmacsha256=" + body`. */
export function makeNotification(secret: string): SignedNotification {
  const responseId = `${randomUUID()}-1`
  const body =
    `{"type":"LEAD_ACTION","leadGenFormResponse":"urn:li:leadGenFormResponse:${responseId}",` +
    `"owner":{"sponsoredAccount":"urn:li:sponsoredAccount:1234567"},` +
    `"leadGenForm":"urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)",` +
    `"leadType":"SPONSORED","leadAction":"CREATED","occurredAt":${Date.now()}}`
  return { responseId, body, signature: signNotification(body, secret) }
}

/**
 * Unique signed notifications, built ahead of a run so that signing (≈ 5 µs each) does not eat into the
 * load generator's CPU while it measures. Each item is handed out once; when the pool runs dry it keeps
 * going by building on the spot, and counts how often it had to.
 */
export class NotificationPool {
  private items: SignedNotification[] = []
  private next = 0
  builtDuringRun = 0
  handedOut = 0

  constructor(private readonly secret: string) {}

  /** Makes sure at least `count` unused notifications are ready. */
  fill(count: number): void {
    if (this.next > 0) {
      this.items = this.items.slice(this.next)
      this.next = 0
    }
    while (this.items.length < count) this.items.push(makeNotification(this.secret))
  }

  take(): SignedNotification {
    this.handedOut++
    const item = this.items[this.next]
    if (item) {
      this.items[this.next++] = undefined as unknown as SignedNotification
      return item
    }
    this.builtDuringRun++
    return makeNotification(this.secret)
  }

  /** Frees what is left (between targets). */
  clear(): void {
    this.items = []
    this.next = 0
  }
}
