import { randomUUID } from 'node:crypto'
import { challengeResponse, type SignatureVariant, signNotification } from '../linkedin/index.js'
import type { Clock, Logger } from '../util/index.js'
import type { Random } from './random.js'

export type WebhookStatus = 'ACTIVE' | 'BLOCKED'
export type ValidationReason = 'subscribe' | 'revalidation' | 'manual'

/** LinkedIn Webhook Validation, learn.microsoft.com/en-us/linkedin/shared/api-guide/webhook-validation, “Validating the Webhook Endpoint” (periodic re-validation): re-validated every 2 hours; three failures in a row block the endpoint. */
export const DEFAULT_REVALIDATE_EVERY_MS = 2 * 3_600_000
export const FAILURES_BEFORE_BLOCKED = 3
export const CHALLENGE_TIMEOUT_MS = 3_000
/** The only documented LinkedIn retry policy (org notifications): every 5 minutes for 8 hours (§2.3). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Array.from({ length: 96 }, () => 5 * 60_000)

export interface SignatureStyle {
  /** `bare` sends the hex digest LinkedIn sends; `prefixed` sends `hmacsha256=<hex>` (the common misreading). */
  readonly header: 'bare' | 'prefixed'
  readonly body: SignatureVariant
}

export interface WebhookState {
  readonly url: string
  status: WebhookStatus
  consecutiveFailures: number
  lastValidatedAt: number | null
  /** When LinkedIn last sent this webhook a challenge, whatever its outcome (epoch ms). */
  lastChallengeAt: number | null
  lastChallengeOutcome: 'passed' | 'failed' | null
  nextValidationAt: number
}

export interface Delivery {
  readonly id: number
  readonly kind: 'notification' | 'challenge'
  readonly webhook: string
  readonly at: string
  /**
   * notification: delivered, failed, not sent because the webhook is blocked, or dropped on purpose by
   * `dropNext` (never sent, never retried: a lost webhook); challenge: passed, failed.
   */
  readonly outcome: 'delivered' | 'failed' | 'skipped-blocked' | 'dropped' | 'passed'
  readonly status?: number
  readonly latencyMs?: number
  readonly error?: string
  readonly leadGenFormResponse?: string
  readonly leadAction?: string
  readonly attempt?: number
  readonly duplicate?: boolean
  readonly reason?: ValidationReason
  readonly nextRetryAt?: string
}

export interface WebhookSenderOptions {
  readonly clientSecret: string
  readonly clock: Clock
  readonly logger: Logger
  readonly random: Random
  readonly revalidateEveryMs?: number
  readonly retryScheduleMs?: readonly number[]
  readonly signature?: Partial<SignatureStyle>
  /** Share of notifications sent twice on purpose (LinkedIn "can occasionally deliver multiple times"). */
  readonly duplicateRate?: number
  readonly deliveryTimeoutMs?: number
  readonly maxDeliveriesKept?: number
}

interface PendingRetry {
  readonly webhook: string
  readonly body: string
  readonly attempt: number
  readonly dueAt: number
}

export type Notification = { readonly leadGenFormResponse: string; readonly leadAction: string } & Record<
  string,
  unknown
>

/** Integrations carry tenant keys in the webhook's query string; logs keep only origin and path. */
export const withoutQuery = (url: string) => url.split('?')[0] ?? url

const elapsed = (from: bigint) => Math.round(Number(process.hrtime.bigint() - from) / 1e5) / 10

/** LinkedIn's side of the webhook: challenges, status per URL, signed deliveries, retries, duplicates. */
export function createWebhookSender(options: WebhookSenderOptions) {
  const { clock, logger } = options
  const revalidateEveryMs = options.revalidateEveryMs ?? DEFAULT_REVALIDATE_EVERY_MS
  const schedule = options.retryScheduleMs ?? DEFAULT_RETRY_SCHEDULE_MS
  const style: SignatureStyle = { header: 'bare', body: 'prefixed-body', ...options.signature }
  const maxKept = options.maxDeliveriesKept ?? 10_000
  const webhooks = new Map<string, WebhookState>()
  const log: Delivery[] = []
  let pending: PendingRetry[] = []
  let nextId = 1
  let dropRemaining = 0
  let challengesPaused = false
  const now = () => clock.now().getTime()

  function record(entry: Omit<Delivery, 'id' | 'at'>): Delivery {
    const delivery = { id: nextId++, at: clock.now().toISOString(), ...entry }
    log.push(delivery)
    if (log.length > maxKept) log.splice(0, log.length - maxKept)
    return delivery
  }

  async function challenge(url: string): Promise<{ ok: boolean; status?: number; error?: string; latencyMs: number }> {
    const code = randomUUID()
    const target = new URL(url)
    target.searchParams.set('challengeCode', code)
    const started = process.hrtime.bigint()
    try {
      const response = await fetch(target, { signal: AbortSignal.timeout(CHALLENGE_TIMEOUT_MS) })
      const text = await response.text()
      const latencyMs = elapsed(started)
      if (response.status !== 200) return { ok: false, status: response.status, error: 'status is not 200', latencyMs }
      if (!/^application\/json\b/i.test(response.headers.get('content-type') ?? '')) {
        return { ok: false, status: 200, error: 'content-type is not application/json', latencyMs }
      }
      let body: { challengeCode?: unknown; challengeResponse?: unknown } | null
      try {
        body = JSON.parse(text)
      } catch {
        body = null
      }
      if (typeof body !== 'object' || body === null)
        return { ok: false, status: 200, error: 'body is not a JSON object', latencyMs }
      const expected = challengeResponse(code, options.clientSecret)
      if (body.challengeCode !== code || body.challengeResponse !== expected) {
        return { ok: false, status: 200, error: 'This URL did not pass the security challenge check', latencyMs }
      }
      return { ok: true, status: 200, latencyMs }
    } catch (error) {
      return {
        ok: false,
        error: (error as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable',
        latencyMs: elapsed(started),
      }
    }
  }

  /** Runs one challenge and applies LinkedIn's rules; a failed subscribe leaves no webhook behind. */
  async function validate(url: string, reason: ValidationReason) {
    const result = await challenge(url)
    record({
      kind: 'challenge',
      webhook: url,
      reason,
      outcome: result.ok ? 'passed' : 'failed',
      latencyMs: result.latencyMs,
      ...(result.status ? { status: result.status } : {}),
      ...(result.error ? { error: result.error } : {}),
    })
    let state = webhooks.get(url)
    if (state) Object.assign(state, { lastChallengeAt: now(), lastChallengeOutcome: result.ok ? 'passed' : 'failed' })
    if (result.ok) {
      state ??= {
        url,
        status: 'ACTIVE',
        consecutiveFailures: 0,
        lastValidatedAt: null,
        lastChallengeAt: now(),
        lastChallengeOutcome: 'passed',
        nextValidationAt: 0,
      }
      Object.assign(state, {
        status: 'ACTIVE',
        consecutiveFailures: 0,
        lastValidatedAt: now(),
        nextValidationAt: now() + revalidateEveryMs,
      })
      webhooks.set(url, state)
    } else if (state && reason !== 'subscribe') {
      state.consecutiveFailures += 1
      state.nextValidationAt = now() + revalidateEveryMs
      if (state.consecutiveFailures >= FAILURES_BEFORE_BLOCKED && state.status !== 'BLOCKED') {
        state.status = 'BLOCKED'
        logger.warn({ webhook: withoutQuery(url) }, 'webhook BLOCKED after three failed challenges in a row')
      }
    }
    return { ...result, status: state?.status, httpStatus: result.status }
  }

  function sign(body: string): string {
    const digest = signNotification(body, options.clientSecret, style.body)
    return style.header === 'prefixed' ? `hmacsha256=${digest}` : digest
  }

  async function post(webhook: string, body: string, attempt: number, duplicate: boolean): Promise<Delivery> {
    const parsed = JSON.parse(body) as Notification
    const about = {
      kind: 'notification' as const,
      webhook,
      leadGenFormResponse: parsed.leadGenFormResponse,
      leadAction: parsed.leadAction,
      attempt,
      duplicate,
    }
    if (webhooks.get(webhook)?.status !== 'ACTIVE') return record({ ...about, outcome: 'skipped-blocked' })
    if (dropRemaining > 0) {
      dropRemaining -= 1
      return record({ ...about, outcome: 'dropped' })
    }
    const started = process.hrtime.bigint()
    let status: number | undefined
    let error: string | undefined
    try {
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-li-signature': sign(body) },
        body,
        signal: AbortSignal.timeout(options.deliveryTimeoutMs ?? 10_000),
      })
      await response.arrayBuffer()
      status = response.status
    } catch (caught) {
      error = (caught as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable'
    }
    const latencyMs = elapsed(started)
    const delivered = status !== undefined && status >= 200 && status < 300
    const delay = delivered ? undefined : schedule[attempt - 1]
    if (delay !== undefined) pending.push({ webhook, body, attempt: attempt + 1, dueAt: now() + delay })
    return record({
      ...about,
      outcome: delivered ? 'delivered' : 'failed',
      latencyMs,
      ...(status !== undefined ? { status } : {}),
      ...(error ? { error } : {}),
      ...(delay !== undefined ? { nextRetryAt: new Date(now() + delay).toISOString() } : {}),
    })
  }

  let ticking = false
  return {
    validate,
    /** Sends one notification to each webhook (compact JSON, one object per POST), plus any duplicates. */
    async deliver(urls: readonly string[], notification: Notification, extra: { duplicates?: number } = {}) {
      const body = JSON.stringify(notification)
      const duplicates =
        extra.duplicates ?? (options.duplicateRate && options.random.chance(options.duplicateRate) ? 1 : 0)
      const sends = urls.flatMap((url) => [
        post(url, body, 1, false),
        ...Array.from({ length: duplicates }, () => post(url, body, 1, true)),
      ])
      return Promise.all(sends)
    },
    /** Runs what is due on the clock: re-validations of active webhooks, then retries. */
    async tick() {
      if (ticking) return
      ticking = true
      try {
        // Paused challenges stay due, so they all run at the first tick after resuming.
        const due = challengesPaused
          ? []
          : [...webhooks.values()].filter((w) => w.status === 'ACTIVE' && w.nextValidationAt <= now())
        await Promise.all(due.map((w) => validate(w.url, 'revalidation')))
        const ready = pending.filter((p) => p.dueAt <= now())
        pending = pending.filter((p) => p.dueAt > now())
        await Promise.all(ready.map((p) => post(p.webhook, p.body, p.attempt, false)))
      } finally {
        ticking = false
      }
    },
    webhook: (url: string): Readonly<WebhookState> | undefined => webhooks.get(url),
    webhooks: (): readonly Readonly<WebhookState>[] => [...webhooks.values()],
    deliveries: (): readonly Delivery[] => log,
    pendingRetries: () => pending.length,
    /** The next `count` notification POSTs to active webhooks (duplicates and retries included) are dropped. */
    dropNext(count: number) {
      dropRemaining = count
    },
    dropsPending: () => dropRemaining,
    /** Stops (or restarts) re-validation challenges: LinkedIn going silent. Subscribe challenges still run. */
    pauseChallenges(paused: boolean) {
      challengesPaused = paused
    },
    challengesPaused: () => challengesPaused,
    forget(url: string) {
      webhooks.delete(url)
      pending = pending.filter((p) => p.webhook !== url)
    },
  }
}
export type WebhookSender = ReturnType<typeof createWebhookSender>
