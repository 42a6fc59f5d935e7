import { countJobsByState, queueLagSeconds } from '../jobs/index.js'
import type { TokenManager } from '../linkedin/index.js'
import { versionStatus } from '../linkedin/index.js'
import {
  countEventsByStatus,
  deliveriesRepository,
  leadsRepository,
  opsAlertsRepository,
  pullsRepository,
  type Store,
  subscriptionsRepository,
} from '../store/index.js'
import { compareSubscriptions } from './subscription-comparison.js'
import { activeSubscriptions, lastChallenge } from './subscriptions.js'

/** Everything an operator checks first, from the database alone (no LinkedIn call). */
export async function collectStatus(store: Store, tokens: TokenManager, now: number, linkedinVersion?: string) {
  const version = linkedinVersion ? versionStatus(linkedinVersion, new Date(now)) : undefined
  const db = store.db
  const challenge = await lastChallenge(store)
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString())
  const token = await tokens.status()
  const local = await activeSubscriptions(store)
  return {
    subscriptions: local.map((s) => ({
      id: s.id,
      owner: JSON.parse(s.owner) as Record<string, string>,
      leadType: s.lead_type,
      versionedForm: s.versioned_form,
      webhook: s.webhook,
      createdAt: iso(s.created_at),
    })),
    /** Ours next to LinkedIn's list as the health check last fetched it. */
    atLinkedIn: compareSubscriptions(
      local,
      await subscriptionsRepository.listSnapshots(db),
      now,
      await subscriptionsRepository.webhookStatuses(db),
    ),
    lastChallenge: challenge
      ? { at: iso(challenge.at), outcome: challenge.outcome, ageSeconds: Math.round((now - challenge.at) / 1000) }
      : null,
    linkedin: {
      connected: token.connected,
      source: token.source,
      scope: token.scope,
      accessExpiresAt: iso(token.accessExpiresAt?.getTime()),
      refreshExpiresAt: iso(token.refreshExpiresAt?.getTime()),
      refreshDaysLeft:
        token.refreshExpiresAt === null ? null : Math.floor((token.refreshExpiresAt.getTime() - now) / 86_400_000),
      lastRefreshError: token.lastRefreshError,
      ...(version
        ? { version: version.version, versionSunsetsAround: version.sunsetsAround, versionWarning: version.warning }
        : {}),
    },
    queue: {
      ...(await countJobsByState(db)),
      oldestDueSeconds: Math.round(await queueLagSeconds(db, new Date(now))),
    },
    events: await countEventsByStatus(db),
    leads: await leadsRepository.countLeadsByStatus(db),
    deliveries: await deliveriesRepository.countDeliveriesByState(db),
    disabledChannels: Object.fromEntries(await deliveriesRepository.disabledChannels(db)),
    opsAlerts: (await opsAlertsRepository.openOpsAlerts(db)).map((a) => ({
      key: a.key,
      message: a.message,
      raisedAt: iso(a.raised_at),
      sent: a.sent_at !== null,
    })),
    pulls: (await pullsRepository.recentPulls(db, 10)).map((p) => ({
      id: p.id,
      kind: p.kind,
      owner: JSON.parse(p.owner) as Record<string, string>,
      leadType: p.lead_type,
      state: p.state,
      progress: p.until > p.since ? Math.min(1, (p.window_start - p.since) / (p.until - p.since)) : 1,
      linkedin: p.linkedin_count,
      held: p.held,
      recovered: p.recovered,
      error: p.error,
      startedAt: iso(p.started_at),
      finishedAt: iso(p.finished_at),
    })),
  }
}

export type Status = Awaited<ReturnType<typeof collectStatus>>
