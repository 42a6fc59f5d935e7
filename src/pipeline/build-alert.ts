import type { LeadAlert, Priority } from '../channels/channel.js'
import type { RoutingDecision, ScoreResult, TeamMember } from '../routing/index.js'
import { leadsRepository, type Store } from '../store/index.js'
import type { Clock } from '../util/clock.js'
import { signAck } from './ack-token.js'
import type { AlertSettings } from './alert-settings.js'
import { formatDisplayDate } from './normalize/index.js'

export interface BuildAlertDeps {
  readonly store: Store
  readonly clock: Clock
  readonly settings: AlertSettings
  readonly ackKey: () => Promise<Buffer>
  readonly ackLinkTtlMs: number
  /** Where people reach LeadRelay: links in alerts point here. */
  readonly baseUrl: string
  readonly timeZone: string
}

interface StoredRouting {
  readonly score: ScoreResult
  readonly decision: Omit<RoutingDecision, 'positions'> | null
}

/** The alert for one delivery of a lead, or undefined when the lead is gone. */
export function createAlertBuilder(deps: BuildAlertDeps) {
  const members = new Map<string, TeamMember>((deps.settings.team?.members ?? []).map((m) => [m.id, m]))

  return async function buildAlert(leadId: string, kind: string): Promise<LeadAlert | undefined> {
    const lead = await leadsRepository.getLead(deps.store.db, leadId)
    if (!lead || lead.status === 'deleted' || !lead.fields) return undefined
    const fields = JSON.parse(lead.fields) as Record<string, string | null>
    const routing = lead.routing ? (JSON.parse(lead.routing) as StoredRouting) : undefined
    const level = kind.startsWith('escalation-') ? Number(kind.slice('escalation-'.length)) : 0
    const owner = lead.owner_id ? members.get(lead.owner_id) : undefined
    // Level 2 goes over the owner's head: the manager, else the fallback owner.
    const recipient =
      level >= 2
        ? (members.get(owner?.manager ?? '') ?? members.get(deps.settings.team?.fallbackOwner ?? '') ?? owner)
        : owner
    const now = deps.clock.now().getTime()
    const ackUrl = `${deps.baseUrl}/ack/${signAck(
      { leadId, memberId: recipient?.id ?? null, expiresAt: now + deps.ackLinkTtlMs },
      await deps.ackKey(),
    )}`
    const raw = lead.raw_response
      ? (JSON.parse(lead.raw_response) as { leadMetadata?: { sponsoredLeadMetadata?: { campaign?: string } } })
      : undefined
    const name =
      [fields.firstName, fields.lastName].filter(Boolean).join(' ') ||
      fields.workEmail ||
      fields.email ||
      'Unnamed lead'
    const minutesWaiting = lead.assigned_at === null ? 0 : Math.round((now - lead.assigned_at) / 60_000)
    return {
      kind: level > 0 ? 'escalation' : 'new-lead',
      leadId,
      leadUrn: lead.urn,
      test: lead.test === 1,
      name,
      firstName: fields.firstName ?? null,
      lastName: fields.lastName ?? null,
      email: fields.workEmail ?? fields.email ?? null,
      phone: fields.phoneE164 ?? fields.phone ?? null,
      jobTitle: fields.jobTitle ?? null,
      company: fields.company ?? null,
      companySize: fields.companySize ?? null,
      state: fields.state ?? null,
      score: lead.score ?? 0,
      priority: (lead.priority ?? 'cold') as Priority,
      scoreReasons: (routing?.score.contributions ?? []).map((c) => `${c.rule} ${c.points >= 0 ? '+' : ''}${c.points}`),
      leadType: lead.lead_type,
      formName: await formNameOf(deps.store, lead.form_id, lead.form_version),
      campaign: raw?.leadMetadata?.sponsoredLeadMetadata?.campaign ?? null,
      submittedAtShown: lead.submitted_at === null ? null : formatDisplayDate(lead.submitted_at, deps.timeZone),
      owner: recipient
        ? { id: recipient.id, name: recipient.name, email: recipient.email, slackUserId: recipient.slackUserId }
        : null,
      routingReason:
        level >= 2
          ? `${owner?.name ?? 'The owner'} has not acknowledged this lead in ${minutesWaiting} minutes`
          : (routing?.decision?.reasons.at(-1) ?? 'No team configured: unassigned'),
      ackUrl,
      leadUrl: `${deps.baseUrl}/leads/${encodeURIComponent(leadId)}`,
      escalation: level > 0 ? { minutesWaiting, level } : undefined,
      fields,
      customAnswers: lead.custom_answers
        ? (JSON.parse(lead.custom_answers) as { question: string; answer: string }[])
        : [],
      submittedAt: lead.submitted_at === null ? undefined : new Date(lead.submitted_at).toISOString(),
    }
  }
}

async function formNameOf(store: Store, formId: string | null, version: number | null): Promise<string | null> {
  if (!formId || version === null) return null
  const body = await leadsRepository.getCachedForm(store.db, formId, version)
  return body ? ((JSON.parse(body) as { name?: string }).name ?? null) : null
}
