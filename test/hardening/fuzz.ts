import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createRandom } from '../../src/simulator/random.js'
import { FUZZ_CLASSES, type FuzzCase, type FuzzClass, makeCase } from './fuzz-cases.js'
import { rawRequest } from './raw-http.js'
import { startRelayChild } from './relay-child.js'

export interface FuzzReport {
  readonly requests: number
  /** class → status (or closed/timeout) → count. */
  readonly byClass: Record<string, Record<string, number>>
  /** Answers outside what a class may get (5xx other than 503 included). */
  readonly unexpected: readonly { kind: FuzzClass; status: string }[]
  readonly crashed: boolean
  readonly stored: {
    readonly events: number
    readonly unsigned: number
    readonly validMissing: number
    readonly validDuplicated: number
  }
  readonly rss: {
    readonly afterWarmup: number
    readonly atEnd: number
    readonly growth: number
    readonly samplesMiB: readonly number[]
  }
  readonly seconds: number
}

// Weights: hostile traffic dominates, valid notifications are interleaved throughout.
const WEIGHTS: Record<FuzzClass, number> = {
  'random-bytes': 12,
  'truncated-json': 10,
  'deep-json': 3,
  'bad-chunking': 8,
  'wrong-content-length': 8,
  'duplicate-content-length': 6,
  'huge-headers': 5,
  'duplicate-headers': 6,
  'signed-random-shape': 12,
  valid: 25,
  'valid-resent': 5,
}

/**
 * Sends `requests` generated requests over raw loopback sockets to a real LeadRelay child, then checks
 * what it stored: nothing unsigned, every acknowledged valid notification exactly once.
 */
export async function runFuzz(options: { requests: number; concurrency?: number; seed?: number }): Promise<FuzzReport> {
  const random = createRandom(options.seed ?? 11)
  const dir = mkdtempSync(join(tmpdir(), 'leadrelay-fuzz-'))
  const relay = await startRelayChild(dir, {
    LEADRELAY_ROLE: 'web',
    REQUEST_TIMEOUT_MS: '3000',
    HEADERS_TIMEOUT_MS: '2000',
    // The fuzzer is one address sending many bad signatures on purpose; the limit has its own test.
    WEBHOOK_BAD_SIGNATURE_LIMIT: '1000000000',
    WEBHOOK_QUARANTINE_MAX: '10000000',
    MAX_CONNECTIONS_PER_ADDRESS: '1000',
  })
  const started = Date.now()
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0)
  const pickClass = (): FuzzClass => {
    let roll = random.next() * total
    for (const kind of FUZZ_CLASSES) {
      roll -= WEIGHTS[kind]
      if (roll < 0) return kind
    }
    return 'valid'
  }
  const byClass: Record<string, Record<string, number>> = {}
  const unexpected: { kind: FuzzClass; status: string }[] = []
  const signed = new Set<string>()
  const acknowledged = new Set<string>()
  const validSent: { body: Buffer; urn: string }[] = []
  const retry: FuzzCase[] = []
  const digest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')
  let sent = 0
  let rssAfterWarmup = 0
  const samples: number[] = []

  const next = (): FuzzCase | undefined => {
    const again = retry.shift()
    if (again) return again
    if (sent >= options.requests) return undefined
    sent++
    if (!rssAfterWarmup && sent >= options.requests / 10) rssAfterWarmup = relay.rss()
    if (sent % Math.ceil(options.requests / 10) === 0) samples.push(Math.round(relay.rss() / 2 ** 20))
    return makeCase(pickClass(), random, () => (validSent.length ? random.pick(validSent) : undefined))
  }

  const worker = async () => {
    for (let c = next(); c; c = next()) {
      if (c.signedBody) signed.add(digest(c.signedBody))
      if (c.kind === 'valid' && c.validUrn) validSent.push({ body: c.signedBody as Buffer, urn: c.validUrn })
      const { status } = await rawRequest(relay.port, c.bytes, { timeoutMs: 15_000 })
      const key = String(status)
      byClass[c.kind] ??= {}
      ;(byClass[c.kind] as Record<string, number>)[key] = ((byClass[c.kind] as Record<string, number>)[key] ?? 0) + 1
      if (status === 503 && c.validUrn) {
        // Documented: the store could not commit in time; LinkedIn would resend, and so do we.
        retry.push(c)
        continue
      }
      if (status === 200 && c.validUrn) acknowledged.add(c.validUrn)
      if (!(c.allowed as readonly (number | string)[]).includes(status)) unexpected.push({ kind: c.kind, status: key })
    }
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 32 }, worker))
  // A moment idle lets the child's collector run, so the end sample is not mid-allocation.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const rssAtEnd = relay.rss()
  const crashed = relay.child.exitCode !== null || relay.child.signalCode !== null
  await relay.stop()

  const db = new BetterSqlite3(join(dir, 'leadrelay.db'), { readonly: true })
  const events = db
    .prepare<[], { raw_bytes: Buffer | null; status: string; r: string | null }>(
      'SELECT raw_bytes, status, lead_gen_form_response AS r FROM events',
    )
    .all()
  db.close()
  rmSync(dir, { recursive: true, force: true })
  const perUrn = new Map<string, number>()
  for (const e of events) if (e.r && e.status !== 'quarantined') perUrn.set(e.r, (perUrn.get(e.r) ?? 0) + 1)
  return {
    requests: sent,
    byClass,
    unexpected,
    crashed,
    stored: {
      events: events.length,
      unsigned: events.filter((e) => !e.raw_bytes || !signed.has(digest(e.raw_bytes))).length,
      validMissing: [...acknowledged].filter((urn) => !perUrn.has(urn)).length,
      validDuplicated: [...perUrn.values()].filter((n) => n > 1).length,
    },
    rss: { afterWarmup: rssAfterWarmup, atEnd: rssAtEnd, growth: rssAtEnd / rssAfterWarmup - 1, samplesMiB: samples },
    seconds: (Date.now() - started) / 1000,
  }
}

export function formatFuzzReport(report: FuzzReport): string {
  const lines = [`${report.requests} requests in ${report.seconds.toFixed(1)} s; crashed: ${report.crashed}`]
  for (const kind of FUZZ_CLASSES) {
    const counts = report.byClass[kind] ?? {}
    const n = Object.values(counts).reduce((a, b) => a + b, 0)
    lines.push(
      `  ${kind.padEnd(26)} ${String(n).padStart(7)}  ${Object.entries(counts)
        .map(([s, c]) => `${s}:${c}`)
        .join(' ')}`,
    )
  }
  const s = report.stored
  lines.push(
    `stored events ${s.events}; unsigned stored ${s.unsigned}; acknowledged valid missing ${s.validMissing}; duplicated ${s.validDuplicated}`,
    `unexpected answers ${report.unexpected.length}${report.unexpected.length ? `: ${JSON.stringify(report.unexpected.slice(0, 10))}` : ''}`,
    `RSS after warm-up ${(report.rss.afterWarmup / 2 ** 20).toFixed(1)} MiB, at end ${(report.rss.atEnd / 2 ** 20).toFixed(1)} MiB (${(report.rss.growth * 100).toFixed(1)} %); every tenth: ${report.rss.samplesMiB.join(', ')} MiB`,
  )
  return lines.join('\n')
}
