import { enqueue } from '../jobs/index.js'
import {
  explainDecision,
  type LeadFacts,
  leadFacts,
  type RoutingDecision,
  routeLead,
  scoreLead,
  startOfLocalDay,
  withScore,
} from '../routing/index.js'
import {
  type AlertKind,
  type Executor,
  type LeadRow,
  leadFromRow,
  leadsRepository,
  routingPositionsRepository,
  type Store,
  type StoredLead,
} from '../store/index.js'
import type { Clock } from '../util/index.js'
import type { AlertSettings } from './alert-settings.js'
import { queueDelivery } from './replay-delivery.js'

export interface RouteLeadDeps {
  readonly store: Store
  readonly clock: Clock
  readonly settings: AlertSettings
  /**
   * For `existingOwner` rules: asks a CRM channel who owns this person (by e-mail) or company (by domain);
   * the team member id, or null when nobody in the team does or the CRM cannot be asked (the lookup logs
   * and counts why, and routing falls through to the next rule).
   */
  readonly lookupExistingOwner?: (
    channel: string,
    query: { email: string | null; domain: string | null },
  ) => Promise<string | null>
  /**
   * Runs inside the routing transaction for a lead that is alerted (never for old backfilled leads), e.g. to
   * enrol it in a follow-up sequence; true when it queued jobs.
   */
  readonly onRouted?: (
    trx: Executor,
    lead: LeadRow,
    facts: LeadFacts,
    ownerId: string | null,
    now: Date,
  ) => Promise<boolean>
}

/** Asks each CRM an `existingOwner` rule names, outside the routing transaction (these are network calls). */
async function existingOwners(deps: RouteLeadDeps, lead: StoredLead): Promise<Map<string, string | null>> {
  const channels = new Set(
    deps.settings.routing.rules.flatMap((rule) => ('existingOwner' in rule.assign ? rule.assign.existingOwner : [])),
  )
  const found = new Map<string, string | null>()
  if (channels.size === 0 || !deps.lookupExistingOwner || !lead.row.fields) return found
  const domain = lead.email?.split('@')[1]?.toLowerCase() ?? null
  for (const channel of channels)
    found.set(channel, await deps.lookupExistingOwner(channel, { email: lead.email, domain }))
  return found
}

/**
 * Scores and routes an enriched lead, then queues one delivery per channel and the escalation timer,
 * all in one transaction. Idempotent: a lead already assigned is left as it is, so a lead processed
 * twice alerts once.
 */
export async function routeAndAlert(
  deps: RouteLeadDeps,
  leadId: string,
  options: { readonly alert?: boolean } = {},
): Promise<'routed' | 'already-routed' | 'not-routable'> {
  // Old leads found by a backfill are routed and kept, not alerted: nobody wants a year of pings.
  const alert = options.alert ?? true
  const { store, clock, settings } = deps
  const before = await leadsRepository.getLead(store.db, leadId)
  if (before?.status !== 'enriched') return 'not-routable'
  if (before.assigned_at !== null) return 'already-routed'
  // Parsed once: the fields do not change after enrichment (an erasure flips the status, checked below).
  const stored = leadFromRow(before)
  const owners = await existingOwners(deps, stored)
  const facts = await factsForLead(store.db, stored)
  const now = clock.now()
  const at = now.getTime()
  const outcome = await store.db.transaction().execute(async (trx) => {
    const lead = await leadsRepository.getLead(trx, leadId)
    if (lead?.status !== 'enriched') return 'not-routable' as const
    if (lead.assigned_at !== null) return 'already-routed' as const

    const scored = scoreLead(facts, settings.scoring)
    let decision: RoutingDecision | undefined
    if (settings.team) {
      const positions = await routingPositionsRepository.lockPositions(
        trx,
        settings.routing.rules.map((r) => r.name),
        store.capabilities,
      )
      const load = await loadToday(trx, settings, now)
      decision = routeLead(withScore(facts, scored), {
        team: settings.team,
        routing: settings.routing,
        now,
        positions,
        loadToday: (memberId) => load.get(memberId) ?? 0,
        existingOwners: owners,
      })
      for (const [key, position] of decision.positions)
        await routingPositionsRepository.savePosition(trx, key, position)
    }

    await leadsRepository.saveRouting(
      trx,
      leadId,
      {
        score: scored.score,
        priority: scored.priority,
        owner_id: decision?.ownerId ?? null,
        routing: JSON.stringify({ score: scored, decision: decision ? { ...decision, positions: undefined } : null }),
      },
      at,
    )
    await leadsRepository.addTimeline(
      trx,
      leadId,
      'routed',
      at,
      decision
        ? explainDecision(scored, decision)
        : `score ${scored.score} (${scored.priority}); no team configured: unassigned`,
    )
    if (alert) await queueDeliveries(trx, lead, 'new-lead', settings.channels, now)
    if (alert && deps.onRouted) await deps.onRouted(trx, lead, withScore(facts, scored), decision?.ownerId ?? null, now)
    const minutes = settings.escalationMinutes[scored.priority]
    if (alert && decision && minutes > 0) {
      await enqueue(trx, 'escalate', { leadId, level: 1 }, now, {
        key: `escalate:${leadId}:1`,
        runAt: new Date(at + minutes * 60_000),
      })
    }
    return 'routed' as const
  })
  if (outcome === 'routed') store.notifyJobs()
  return outcome
}

/** One delivery per channel, muted for test leads where the channel says so; each with its job. */
export async function queueDeliveries(
  db: Executor,
  lead: Pick<LeadRow, 'id' | 'test'>,
  kind: AlertKind,
  channels: AlertSettings['channels'],
  now: Date,
): Promise<void> {
  for (const channel of channels) {
    const muted = lead.test === 1 && !channel.sendTestLeads
    await queueDelivery(
      db,
      {
        leadId: lead.id,
        channel: channel.name,
        kind,
        ...(muted ? { state: 'muted' as const, reason: 'test lead; this channel mutes test leads' } : {}),
      },
      now,
    )
  }
}

/** What scoring and routing rules read about a stored lead. */
export async function factsForLead(db: Executor, lead: StoredLead): Promise<LeadFacts> {
  return leadFacts(lead.fields, {
    leadType: lead.row.lead_type,
    formId: lead.row.form_id,
    formName: await formName(db, lead.row),
    test: lead.row.test === 1,
  })
}

/** The form's name from the cached form, or null when the form is unknown. */
export async function formName(db: Executor, lead: Pick<LeadRow, 'form_id' | 'form_version'>): Promise<string | null> {
  if (!lead.form_id || lead.form_version === null) return null
  const body = await leadsRepository.getCachedForm(db, lead.form_id, lead.form_version)
  return body ? ((JSON.parse(body) as { name?: string }).name ?? null) : null
}

/** Leads assigned to each member since their own local midnight (capacity is per working day). */
async function loadToday(db: Executor, settings: AlertSettings, now: Date): Promise<Map<string, number>> {
  const load = new Map<string, number>()
  for (const member of settings.team?.members ?? []) {
    if (member.dailyCapacity === undefined) continue
    const midnight = startOfLocalDay(now, member.timeZone).getTime()
    load.set(member.id, await leadsRepository.countAssignedSince(db, member.id, midnight))
  }
  return load
}
