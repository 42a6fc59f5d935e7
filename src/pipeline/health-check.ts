import { enqueue, type JobHandler } from '../jobs/index.js'
import type { TokenManager } from '../linkedin/index.js'
import { versionStatus } from '../linkedin/index.js'
import { deliveriesRepository, type Executor, type Store, subscriptionsRepository } from '../store/index.js'
import type { Clock } from '../util/index.js'
import type { OpsAlerts } from './ops-alerts.js'
import { applyRetention } from './retention.js'
import { activeSubscriptions, lastChallenge } from './subscriptions.js'
import { alertOnBlockedWebhooks, type ListWebhookStatuses, readWebhookStatuses } from './webhook-status-check.js'

export interface HealthSettings {
  /** LinkedIn re-validates every 2 hours; silence past this means it cannot reach or validate the webhook. */
  readonly challengeSilenceMs: number
  readonly checkEveryMs: number
  /** Where people sign in again, for the token alerts. */
  readonly signInHint: string
  /** Erase leads' personal data after this many days; 0 keeps them. */
  readonly retentionDays: number
  /** The LinkedIn-Version in use: warned about 60 days before it is a year old. */
  readonly linkedinVersion?: string
}

/** LinkedIn's subscriptions of one owner and lead type, each as LinkedIn returned it. */
export type ListSubscriptions = (
  owner: Record<string, string>,
  leadType: string,
) => Promise<readonly ({ id: string } & Record<string, unknown>)[]>

export const REFRESH_WARNING_DAYS = [14, 7, 1] as const
const DAY = 86_400_000

/** The checks that catch silent failures: a webhook LinkedIn stopped calling, tokens about to expire. */
export function createHealthCheckHandler(deps: {
  store: Store
  clock: Clock
  tokens: TokenManager
  ops: Pick<OpsAlerts, 'raise' | 'resolve'>
  /** One cheap authorised LinkedIn call (introspection plus a Lead Sync read); throws on failure. */
  heartbeat: () => Promise<void>
  /** LinkedIn's own list of subscriptions for an owner: challenges alone can be faked by anyone. */
  listSubscriptions?: ListSubscriptions
  /** LinkedIn's ACTIVE/BLOCKED state per webhook URL; asked together with the subscription lists. */
  listWebhookStatuses?: ListWebhookStatuses
  settings: HealthSettings
}): JobHandler<'health-check'> {
  const { store, clock, settings, ops } = deps
  return async () => {
    const now = clock.now()
    const at = now.getTime()
    const subscriptions = await activeSubscriptions(store)

    const token = await deps.tokens.status()
    const askLinkedIn = token.connected && subscriptions.length > 0
    const [states] = await Promise.all([
      askLinkedIn && deps.listWebhookStatuses ? readWebhookStatuses(store, deps.listWebhookStatuses, at) : undefined,
      askLinkedIn && deps.listSubscriptions
        ? checkSubscriptionsAtLinkedIn(store, ops, subscriptions, deps.listSubscriptions, at)
        : undefined,
    ])
    if (subscriptions.length === 0) {
      // Nothing of ours left to compare: LinkedIn's old lists would only show as "unknown to us".
      await subscriptionsRepository.keepSnapshotsOf(store.db, [])
      await subscriptionsRepository.clearWebhookStatuses(store.db)
    }
    const blockedAtLinkedIn = states
      ? await alertOnBlockedWebhooks(ops, [...new Set(subscriptions.map((s) => s.webhook))], states)
      : false
    if (blockedAtLinkedIn) await ops.resolve('challenge-silence')
    if (subscriptions.length > 0 && !blockedAtLinkedIn) {
      const last = await lastChallenge(store)
      const since = Math.max(last?.at ?? 0, Math.min(...subscriptions.map((s) => s.created_at)))
      if (at - since > settings.challengeSilenceMs) {
        const hours = ((at - since) / 3_600_000).toFixed(1)
        await ops.raise(
          'challenge-silence',
          `no challenge from LinkedIn for ${hours} h (it re-validates every 2 h): LinkedIn cannot reach or validate the webhook and will BLOCK it after three failures. Check that PUBLIC_URL/webhooks/linkedin answers over HTTPS with the right client secret, then run leadrelay subscriptions revalidate.`,
        )
      } else {
        await ops.resolve('challenge-silence')
      }
    }

    if (!token.connected && subscriptions.length > 0) {
      await ops.raise(
        'linkedin-not-connected',
        `LeadRelay is not connected to LinkedIn: leads cannot be fetched. ${settings.signInHint}`,
      )
    } else {
      await ops.resolve('linkedin-not-connected')
    }
    if (token.refreshExpiresAt) {
      const daysLeft = (token.refreshExpiresAt.getTime() - at) / DAY
      for (const threshold of REFRESH_WARNING_DAYS) {
        if (daysLeft <= threshold) {
          // Keyed by the expiry: a new token (after signing in) arms the warnings again.
          await ops.raise(
            `refresh-expiry-${threshold}d:${token.refreshExpiresAt.getTime()}`,
            `the LinkedIn refresh token expires in ${Math.max(0, Math.ceil(daysLeft))} day(s), on ${token.refreshExpiresAt.toISOString()}; after that no lead can be fetched. ${settings.signInHint}`,
          )
        }
      }
    }

    if (settings.linkedinVersion) {
      const version = versionStatus(settings.linkedinVersion, now)
      const key = `linkedin-version-age:${version.version}`
      if (version.warning) await ops.raise(key, version.warning)
      else await ops.resolve(key)
    }

    // The heartbeat runs once a day, whichever check comes first that day.
    const today = now.toISOString().slice(0, 10)
    if (token.connected && (await deliveriesRepository.getSetting(store.db, 'heartbeat-day')) !== today) {
      try {
        await deps.heartbeat()
        await ops.resolve('linkedin-heartbeat')
      } catch (error) {
        await ops.raise('linkedin-heartbeat', `the daily LinkedIn heartbeat failed: ${(error as Error).message}`)
      }
      await deliveriesRepository.setSetting(store.db, 'heartbeat-day', today)
    }

    if (settings.retentionDays > 0) {
      // Loops in batches of 1,000 until nothing is left past the cutoff.
      while ((await applyRetention(store, settings.retentionDays, now)) === 1000) {}
    }

    await scheduleHealthCheck(store.db, new Date(at + 1_000), settings.checkEveryMs)
    return { kind: 'done' }
  }
}

/** Queues the next check at the next slot boundary; the key makes it fire once across a fleet. */
export async function scheduleHealthCheck(db: Executor, now: Date, everyMs: number): Promise<void> {
  const slot = Math.ceil(now.getTime() / everyMs) * everyMs
  await enqueue(db, 'health-check', { slot: String(slot) }, now, { key: `health-check:${slot}`, runAt: new Date(slot) })
}

/**
 * Every subscription LeadRelay made must still be listed by LinkedIn; a missing one means no webhook
 * will come, whatever the challenge timer says. LinkedIn's answer (or why there was none) is kept as a
 * snapshot for the Health page and `leadrelay status`, which never call LinkedIn themselves. An owner
 * LinkedIn could not be asked about changes no alert (the heartbeat reports that).
 */
async function checkSubscriptionsAtLinkedIn(
  store: Store,
  ops: Pick<OpsAlerts, 'raise' | 'resolve'>,
  local: readonly { id: string; owner: string; lead_type: string }[],
  list: ListSubscriptions,
  at: number,
) {
  const remote = new Map<string, Set<string>>()
  const keys: { owner: string; leadType: string }[] = []
  for (const s of local) {
    const key = `${s.owner}|${s.lead_type}`
    if (keys.some((k) => `${k.owner}|${k.leadType}` === key)) continue
    const snapshotKey = { owner: s.owner, leadType: s.lead_type }
    keys.push(snapshotKey)
    try {
      const elements = await list(JSON.parse(s.owner), s.lead_type)
      remote.set(key, new Set(elements.map((r) => String(r.id))))
      await subscriptionsRepository.saveSnapshot(store.db, snapshotKey, elements, at)
    } catch (error) {
      await subscriptionsRepository.saveSnapshotError(store.db, snapshotKey, (error as Error).message, at)
    }
  }
  await subscriptionsRepository.keepSnapshotsOf(store.db, keys)
  for (const s of local) {
    const listed = remote.get(`${s.owner}|${s.lead_type}`)
    if (!listed) continue
    const key = `subscription-missing:${s.id}`
    if (listed.has(s.id)) await ops.resolve(key)
    else
      await ops.raise(
        key,
        `LinkedIn no longer lists lead notification subscription ${s.id} (${s.lead_type}, ${Object.values(JSON.parse(s.owner))[0]}): no webhook will arrive for it. Subscribe again: leadrelay subscribe.`,
      )
  }
}
