import { randomBytes } from 'node:crypto'
import { signNotification } from '../../src/linkedin/signature.js'
import type { Random } from '../../src/simulator/random.js'
import { TEST_SECRET } from '../support/linkedin.js'

export const FUZZ_CLASSES = [
  'random-bytes',
  'truncated-json',
  'deep-json',
  'bad-chunking',
  'wrong-content-length',
  'duplicate-content-length',
  'huge-headers',
  'duplicate-headers',
  'signed-random-shape',
  'valid',
  'valid-resent',
] as const
export type FuzzClass = (typeof FUZZ_CLASSES)[number]

export interface FuzzCase {
  readonly kind: FuzzClass
  readonly bytes: Buffer
  /** Correctly signed bodies: only these may ever be stored. */
  readonly signedBody?: Buffer
  /** The response URN of a valid notification. */
  readonly validUrn?: string
  /** Statuses this case may get; anything else is a finding. */
  readonly allowed: readonly (number | 'closed')[]
}

const PATH = '/webhooks/linkedin'

function request(headers: readonly string[], body: Buffer | string): Buffer {
  return Buffer.concat([
    Buffer.from(`POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`),
    Buffer.from(body),
  ])
}

function signedRequest(body: Buffer, extra: readonly string[] = []): Buffer {
  return request(
    [
      'Content-Type: application/json',
      `X-LI-Signature: ${signNotification(body, TEST_SECRET)}`,
      `Content-Length: ${body.length}`,
      'Connection: close',
      ...extra,
    ],
    body,
  )
}

function notification(random: Random): { body: Buffer; urn: string } {
  const urn = `urn:li:leadGenFormResponse:${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}-1`
  const body = {
    type: 'LEAD_ACTION',
    leadGenFormResponse: urn,
    owner: { sponsoredAccount: 'urn:li:sponsoredAccount:1234567' },
    leadGenForm: 'urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)',
    leadType: 'SPONSORED',
    leadAction: random.chance(0.9) ? 'CREATED' : 'DELETED',
    occurredAt: 1_700_000_000_000 + random.int(0, 1e9),
  }
  return { body: Buffer.from(JSON.stringify(body)), urn }
}

function randomValue(random: Random, depth: number): unknown {
  const pick = random.int(0, depth > 4 ? 3 : 6)
  switch (pick) {
    case 0:
      return random.int(-1e9, 1e9)
    case 1:
      return random.hex(random.int(0, 20))
    case 2:
      return random.chance(0.5)
    case 3:
      return null
    case 4:
      return Array.from({ length: random.int(0, 4) }, () => randomValue(random, depth + 1))
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(0, 5) }, () => [
          random.pick(['type', 'leadAction', 'leadGenFormResponse', 'owner', random.hex(4)]),
          randomValue(random, depth + 1),
        ]),
      )
  }
}

const ANY_4XX = [400, 401, 403, 404, 405, 408, 411, 413, 415, 429, 431, 'closed'] as const

/** One request of the given class, from a seeded generator (the same seed gives the same run). */
export function makeCase(
  kind: FuzzClass,
  random: Random,
  resend: () => { body: Buffer; urn: string } | undefined,
): FuzzCase {
  switch (kind) {
    case 'random-bytes':
      return { kind, bytes: randomBytes(random.int(1, 2048)), allowed: ANY_4XX }
    case 'truncated-json': {
      const { body } = notification(random)
      const cut = body.subarray(0, random.int(0, body.length - 1))
      // Signed or not, half of them: a truncated but correctly signed body is quarantined.
      const signed = random.chance(0.5)
      return {
        kind,
        bytes: signed
          ? signedRequest(cut)
          : request(
              [
                'Content-Type: application/json',
                `Content-Length: ${cut.length}`,
                'X-LI-Signature: 00',
                'Connection: close',
              ],
              cut,
            ),
        ...(signed ? { signedBody: cut } : {}),
        allowed: signed ? [202, 'closed'] : [401, 'closed'],
      }
    }
    case 'deep-json': {
      const depth = random.int(1_000, 40_000)
      const open = random.pick(['{"a":', '['])
      const close = open === '[' ? ']' : '}'
      const body = Buffer.from(
        `${open.repeat(depth)}1${close.repeat(random.chance(0.7) ? depth : random.int(0, depth))}`,
      )
      // Over 64 KiB it is refused with 413 before anything else.
      return { kind, bytes: signedRequest(body), signedBody: body, allowed: [202, 413, 'closed'] }
    }
    case 'bad-chunking': {
      const chunks = random.pick([
        'zz\r\nabc\r\n0\r\n\r\n',
        '5\r\nabc\r\n0\r\n\r\n',
        '-1\r\nabc\r\n',
        'ffffffffffffffff\r\nabc',
        '3\r\nabc0\r\n\r\n',
        '3;ext=1\r\nabc\r\n0\r\n\r\n',
        `${random.hex(3)}\r\n${random.hex(10)}`,
      ])
      return {
        kind,
        bytes: request(['Transfer-Encoding: chunked', 'X-LI-Signature: 00', 'Connection: close'], chunks),
        allowed: ANY_4XX,
      }
    }
    case 'wrong-content-length': {
      const { body } = notification(random)
      const claimed = random.chance(0.5)
        ? body.length + random.int(1, 500)
        : Math.max(0, body.length - random.int(1, 50))
      return {
        kind,
        bytes: request(
          [
            'Content-Type: application/json',
            `X-LI-Signature: ${signNotification(body, TEST_SECRET)}`,
            `Content-Length: ${claimed}`,
            'Connection: close',
          ],
          body,
        ),
        // A shorter Content-Length makes a prefix of a signed body: the signature no longer matches.
        allowed: [400, 401, 'closed'],
      }
    }
    case 'duplicate-content-length': {
      const { body } = notification(random)
      return {
        kind,
        bytes: request(
          [
            'Content-Type: application/json',
            `X-LI-Signature: ${signNotification(body, TEST_SECRET)}`,
            `Content-Length: ${body.length}`,
            `Content-Length: ${body.length + random.int(1, 9)}`,
            'Connection: close',
          ],
          body,
        ),
        allowed: [400, 'closed'],
      }
    }
    case 'huge-headers': {
      const { body } = notification(random)
      const size = random.int(8_000, 80_000)
      return {
        kind,
        bytes: signedRequest(body, [`X-Padding: ${'a'.repeat(size)}`]),
        signedBody: body,
        // Node's default header limit is 16 KiB: below it the notification is fine.
        allowed: [200, 431, 400, 'closed'],
      }
    }
    case 'duplicate-headers': {
      const { body } = notification(random)
      const sig = signNotification(body, TEST_SECRET)
      return {
        kind,
        bytes: request(
          [
            'Content-Type: application/json',
            `X-LI-Signature: ${sig}`,
            `X-LI-Signature: ${sig}`,
            `Content-Length: ${body.length}`,
            'Connection: close',
          ],
          body,
        ),
        // Node joins repeated X- headers with ", ": not a hex digest, so never stored.
        allowed: [401, 'closed'],
      }
    }
    case 'signed-random-shape': {
      const body = Buffer.from(JSON.stringify(randomValue(random, 0)) ?? 'null')
      return { kind, bytes: signedRequest(body), signedBody: body, allowed: [202, 'closed'] }
    }
    case 'valid': {
      const { body, urn } = notification(random)
      return { kind, bytes: signedRequest(body), signedBody: body, validUrn: urn, allowed: [200] }
    }
    case 'valid-resent': {
      const again = resend()
      if (!again) return makeCase('valid', random, resend)
      return { kind, bytes: signedRequest(again.body), signedBody: again.body, validUrn: again.urn, allowed: [200] }
    }
  }
}
