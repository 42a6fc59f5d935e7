import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { signNotification } from '../../src/linkedin/signature.js'

export const TEST_SECRET = 'test-client-secret'
export const PREVIOUS_SECRET = 'previous-client-secret'

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/linkedin/${name}`, import.meta.url), 'utf8')) as T
}

/** A LEAD_ACTION body as LinkedIn sends it: compact JSON, a fresh response id unless one is given. */
export function leadNotification(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'LEAD_ACTION',
    leadGenFormResponse: `urn:li:leadGenFormResponse:${randomUUID()}-1`,
    owner: { sponsoredAccount: 'urn:li:sponsoredAccount:1234567' },
    leadGenForm: 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)',
    leadType: 'SPONSORED',
    leadAction: 'CREATED',
    occurredAt: 1689894599288,
    ...overrides,
  }
}

export function signedHeaders(body: string, secret = TEST_SECRET): Record<string, string> {
  return { 'content-type': 'application/json', 'x-li-signature': signNotification(body, secret) }
}
