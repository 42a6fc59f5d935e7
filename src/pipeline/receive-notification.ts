import { createHash } from 'node:crypto'
import { newJobRow } from '../jobs/index.js'
import { parseNotification, type SignatureVariant, type SigningSecrets, verifySignature } from '../linkedin/index.js'
import type { NewEventRow } from '../store/index.js'
import { type Inbox, StoreUnavailableError } from '../store/index.js'
import type { Clock } from '../util/index.js'

export type ReceiveResult =
  | { readonly kind: 'accepted'; readonly eventId: number; readonly variant: SignatureVariant }
  | { readonly kind: 'duplicate'; readonly eventId: number; readonly variant: SignatureVariant }
  | { readonly kind: 'quarantined'; readonly eventId: number; readonly reason: string }
  | {
      readonly kind: 'bad-signature'
      readonly reason: 'missing' | 'malformed' | 'mismatch'
      /** Whether the body reads as a LinkedIn notification (what a rotated secret would look like). */
      readonly shaped: boolean
    }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'not-configured' }

export interface ReceiveNotificationDeps {
  readonly secrets: SigningSecrets | undefined
  readonly inbox: Inbox
  readonly clock: Clock
  /**
   * Quarantined bodies kept at most (the newest): correctly signed junk must not fill the disk. Without
   * it nothing is pruned.
   */
  readonly quarantine?: { readonly limit: number; readonly prune: (keep: number) => Promise<number> }
}

export type ReceiveNotification = (request: {
  readonly rawBody: Buffer
  readonly signature: string | readonly string[] | undefined
}) => Promise<ReceiveResult>

/**
 * Verify, then parse, then store: one commit holds the event and its `process-lead` job, so a 2xx
 * always means "stored and queued". A correctly signed body is never dropped: what cannot be parsed is
 * kept in quarantine with the reason.
 */
export function createReceiveNotification(deps: ReceiveNotificationDeps): ReceiveNotification {
  let quarantinedSincePrune = 0
  // Pruning every tenth of the limit keeps the table within 110 % of it at one DELETE per many bodies.
  const pruneEvery = deps.quarantine ? Math.max(1, Math.floor(deps.quarantine.limit / 10)) : 0
  const afterQuarantine = async () => {
    if (!deps.quarantine || ++quarantinedSincePrune < pruneEvery) return
    quarantinedSincePrune = 0
    await deps.quarantine.prune(deps.quarantine.limit)
  }
  return async ({ rawBody, signature }) => {
    if (!deps.secrets) return { kind: 'not-configured' }
    const check = verifySignature(rawBody, signature, deps.secrets)
    if (!check.ok) return { kind: 'bad-signature', reason: check.reason, shaped: parseNotification(rawBody).ok }

    const now = deps.clock.now()
    const parsed = parseNotification(rawBody)
    const base = {
      received_at: now.getTime(),
      raw_bytes: rawBody,
      signature_variant: check.variant,
      secret_slot: check.secret,
    }
    try {
      if (!parsed.ok) {
        const event: NewEventRow = {
          ...base,
          dedupe_key: `raw:${createHash('sha256').update(rawBody).digest('hex')}`,
          status: 'quarantined',
          quarantine_reason: parsed.reason,
        }
        const outcome = await deps.inbox.append({ event, jobs: () => [] })
        if (outcome.kind === 'stored') await afterQuarantine()
        return { kind: 'quarantined', eventId: outcome.eventId, reason: parsed.reason }
      }
      const n = parsed.notification
      const event: NewEventRow = {
        ...base,
        // LEAD_ACTION bodies carry no notification id: LinkedIn's guidance is to key on response + action.
        dedupe_key: `${n.responseId}:${n.leadAction}`,
        status: 'queued',
        lead_gen_form_response: n.leadGenFormResponse,
        lead_id: n.responseId,
        lead_action: n.leadAction,
        lead_type: n.leadType,
        lead_gen_form: n.leadGenForm,
        owner: n.owner ? JSON.stringify(n.owner) : null,
        associated_entity: n.associatedEntityJson,
        occurred_at: n.occurredAt,
      }
      const outcome = await deps.inbox.append({
        event,
        jobs: (eventId) => [newJobRow('process-lead', { eventId }, now, { key: `process-lead:${eventId}` })],
      })
      return outcome.kind === 'stored'
        ? { kind: 'accepted', eventId: outcome.eventId, variant: check.variant }
        : { kind: 'duplicate', eventId: outcome.eventId, variant: check.variant }
    } catch (error) {
      if (error instanceof StoreUnavailableError) return { kind: 'unavailable', reason: error.message }
      throw error
    }
  }
}
