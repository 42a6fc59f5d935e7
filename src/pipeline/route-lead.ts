import { newJobRow } from '../jobs/queue.js'
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
import { deliveriesRepository, type LeadRow, leadsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import type { AlertSettings } from './alert-settings.js'
import { deliverJobRow } from './replay-delivery.js'

export interface RouteLeadDeps {
  readonly store: Store
  readonly clock: Clock
  readonly settings: AlertSettings
  /**
   * For `existingOwner` rules: asks a CRM channel who owns this person (by e-mail) or company (by domain);
   * the team member id, or null when nobody in the team does or the CRM cannot be asked.
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
async function existingOwners(deps: RouteLeadDeps, leadId: string): Promise<Map<string, string | null>> {
  const channels = new Set(
    deps.settings.routing.rules.flatMap((rule) => ('existingOwner' in rule.assign ? rule.assign.existingOwner : [])),
  )
  const found = new Map<string, string | null>()
  if (channels.size === 0 || !deps.lookupExistingOwner) return found
  const lead = await leadsRepository.getLead(deps.store.db, leadId)
  if (!lead?.fields) return found
  const fields = JSON.parse(lead.fields) as Record<string, string | null>
  const email = fields.workEmail ?? fields.email ?? null
  const domain = email?.split('@')[1]?.toLowerCase() ?? null
  for (const channel of channels)
    found.set(channel, await deps.lookupExistingOwner(channel, { email, domain }).catch(() => null))
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
  const owners = await existingOwners(deps, leadId)
  const now = clock.now()
  const at = now.getTime()
  const outcome = await store.db.transaction().execute(async (trx) => {
    const lead = await trx.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirst()
    if (lead?.status !== 'enriched') return 'not-routable' as const
    if (lead.assigned_at !== null) return 'already-routed' as const

    const facts = await factsForLead(trx, lead)
    const scored = scoreLead(facts, settings.scoring)
    let decision: RoutingDecision | undefined
    if (settings.team) {
      const keys = settings.routing.rules.map((r) => r.name)
      if (keys.length > 0) {
        await trx
          .insertInto('routing_positions')
          .values(keys.map((key) => ({ key, position: 0 })))
          .onConflict((oc) => oc.column('key').doNothing())
          .execute()
      }
      // Rotation positions are shared by every worker: lock them for this assignment (PostgreSQL).
      let positionsQuery = trx
        .selectFrom('routing_positions')
        .selectAll()
        .where('key', 'in', keys.length ? keys : [''])
      if (store.capabilities.rowLocks) positionsQuery = positionsQuery.forUpdate()
      const positions = new Map((await positionsQuery.execute()).map((row) => [row.key, row.position]))
      const load = await loadToday(trx, settings, now)
      decision = routeLead(withScore(facts, scored), {
        team: settings.team,
        routing: settings.routing,
        now,
        positions,
        loadToday: (memberId) => load.get(memberId) ?? 0,
        existingOwners: owners,
      })
      for (const [key, position] of decision.positions) {
        await trx.updateTable('routing_positions').set({ position }).where('key', '=', key).execute()
      }
    }

    await trx
      .updateTable('leads')
      .set({
        score: scored.score,
        priority: scored.priority,
        owner_id: decision?.ownerId ?? null,
        routing: JSON.stringify({ score: scored, decision: decision ? { ...decision, positions: undefined } : null }),
        assigned_at: at,
        escalation_level: 0,
        updated_at: at,
      })
      .where('id', '=', leadId)
      .execute()
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
      await trx
        .insertInto('jobs')
        .values(
          newJobRow('escalate', { leadId, level: 1 }, now, {
            key: `escalate:${leadId}:1`,
            runAt: new Date(at + minutes * 60_000),
          }),
        )
        .onConflict((oc) => oc.column('job_key').doNothing())
        .execute()
    }
    return 'routed' as const
  })
  if (outcome === 'routed') store.notifyJobs()
  return outcome
}

type Executor = Parameters<typeof leadsRepository.getLead>[0]

/** One delivery per channel, muted for test leads where the channel says so; each with its job. */
export async function queueDeliveries(
  db: Executor,
  lead: Pick<LeadRow, 'id' | 'test'>,
  kind: string,
  channels: AlertSettings['channels'],
  now: Date,
): Promise<void> {
  const at = now.getTime()
  for (const channel of channels) {
    const muted = lead.test === 1 && !channel.sendTestLeads
    const id = await deliveriesRepository.createDelivery(db, {
      leadId: lead.id,
      channel: channel.name,
      kind,
      state: muted ? 'muted' : 'pending',
      at,
      ...(muted ? { reason: 'test lead; this channel mutes test leads' } : {}),
    })
    if (id !== undefined && !muted) {
      await db
        .insertInto('jobs')
        .values(deliverJobRow(id, now))
        .onConflict((oc) => oc.column('job_key').doNothing())
        .execute()
    }
  }
}

/** What scoring and routing rules read about a stored lead. */
export async function factsForLead(db: Executor, lead: LeadRow): Promise<LeadFacts> {
  return leadFacts(JSON.parse(lead.fields ?? '{}'), {
    leadType: lead.lead_type,
    formId: lead.form_id,
    formName: await formName(db, lead),
    test: lead.test === 1,
  })
}

async function formName(db: Executor, lead: LeadRow): Promise<string | null> {
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
    const row = await db
      .selectFrom('leads')
      .select(db.fn.countAll<number>().as('n'))
      .where('owner_id', '=', member.id)
      .where('assigned_at', '>=', midnight)
      .executeTakeFirstOrThrow()
    load.set(member.id, Number(row.n))
  }
  return load
}
