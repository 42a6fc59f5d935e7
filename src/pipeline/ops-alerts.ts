import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import { Webhook } from 'standardwebhooks'
import type { JobHandler } from '../jobs/job-types.js'
import { newJobRow } from '../jobs/queue.js'
import type { Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import type { Logger } from '../util/logger.js'

/** Sends one operator message; undefined when it went out, else the reason it did not (then retried). */
export type OpsSender = (text: string) => Promise<string | undefined>

/**
 * Raises an operator alert unless one with the same key is open: one outage, one message. The message
 * goes out through the ops channel as a durable job; with no ops channel it is logged only.
 */
export async function raiseOpsAlert(store: Store, key: string, message: string, now: Date): Promise<boolean> {
  const at = now.getTime()
  const raised = await store.db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('ops_alerts').select('resolved_at').where('key', '=', key).executeTakeFirst()
    if (open && open.resolved_at === null) return false
    await trx
      .insertInto('ops_alerts')
      .values({ key, message, raised_at: at, resolved_at: null, sent_at: null, last_error: null })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ message, raised_at: at, resolved_at: null, sent_at: null, last_error: null }),
      )
      .execute()
    await trx
      .insertInto('jobs')
      .values(newJobRow('ops-alert', { key }, now, { key: `ops-alert:${key}:${at}`, maxAttempts: 12 }))
      .execute()
    return true
  })
  if (raised) store.notifyJobs()
  return raised
}

/** Closes an open alert, so the next occurrence is announced again. */
export async function resolveOpsAlert(store: Store, key: string, now: Date): Promise<void> {
  await store.db
    .updateTable('ops_alerts')
    .set({ resolved_at: now.getTime() })
    .where('key', '=', key)
    .where('resolved_at', 'is', null)
    .execute()
}

export async function openOpsAlerts(store: Store) {
  return store.db.selectFrom('ops_alerts').selectAll().where('resolved_at', 'is', null).orderBy('raised_at').execute()
}

export function createOpsAlertHandler(deps: {
  store: Store
  clock: Clock
  logger: Logger
  send: OpsSender | undefined
}): JobHandler<'ops-alert'> {
  return async ({ key }) => {
    const alert = await deps.store.db.selectFrom('ops_alerts').selectAll().where('key', '=', key).executeTakeFirst()
    if (!alert || alert.sent_at !== null) return { kind: 'done' }
    deps.logger.error({ opsAlert: key }, alert.message)
    const at = deps.clock.now().getTime()
    if (!deps.send) {
      await deps.store.db
        .updateTable('ops_alerts')
        .set({ sent_at: at, last_error: 'no ops channel configured: logged only' })
        .where('key', '=', key)
        .execute()
      return { kind: 'done' }
    }
    const failure = await deps.send(`LeadRelay: ${alert.message}`)
    if (failure) {
      await deps.store.db.updateTable('ops_alerts').set({ last_error: failure }).where('key', '=', key).execute()
      return { kind: 'retry', reason: failure }
    }
    await deps.store.db
      .updateTable('ops_alerts')
      .set({ sent_at: at, last_error: null })
      .where('key', '=', key)
      .execute()
    return { kind: 'done' }
  }
}

/** Posts `{ text }` to a Slack incoming webhook (or anything that takes the same). */
export function slackOpsSender(webhookUrl: string, timeoutMs = 15_000): OpsSender {
  return async (text) => {
    try {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      return response.ok ? undefined : `ops channel answered ${response.status}`
    } catch (error) {
      return `ops channel unreachable: ${(error as Error).message}`
    }
  }
}

/** Posts a Standard Webhooks-signed `{ type: 'ops.alert', data: { message } }`, like LeadRelay's lead webhooks. */
export function webhookOpsSender(url: string, secret: string, timeoutMs = 15_000): OpsSender {
  const signer = new Webhook(secret)
  return async (text) => {
    const id = `ops_${randomUUID()}`
    const at = new Date()
    const body = JSON.stringify({ type: 'ops.alert', timestamp: at.toISOString(), data: { message: text } })
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': signer.sign(id, at, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel()
      return response.ok ? undefined : `ops webhook answered ${response.status}`
    } catch (error) {
      return `ops webhook unreachable: ${(error as Error).message}`
    }
  }
}

/** E-mails the alert over SMTP. */
export function emailOpsSender(smtpUrl: string, from: string, to: readonly string[]): OpsSender & { close(): void } {
  const transport = nodemailer.createTransport(smtpUrl)
  const send: OpsSender = async (text) => {
    try {
      await transport.sendMail({ from, to: [...to], subject: text.slice(0, 120), text })
      return undefined
    } catch (error) {
      return `ops e-mail failed: ${(error as { code?: string }).code ?? (error as Error).message}`
    }
  }
  return Object.assign(send, { close: () => transport.close() })
}

/** Every configured ops destination gets the message; it counts as sent when all of them took it. */
export function combineOpsSenders(senders: readonly OpsSender[]): OpsSender | undefined {
  if (senders.length === 0) return undefined
  return async (text) => {
    const failures = (await Promise.all(senders.map((send) => send(text)))).filter(Boolean)
    return failures.length ? failures.join('; ') : undefined
  }
}
