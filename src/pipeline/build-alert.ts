import type { ConversionFacts, LeadAlert, Priority } from '../channels/index.js'
import type { TeamMember } from '../routing/index.js'
import {
  type AlertKind,
  DELIVERY_KINDS,
  type LeadRow,
  leadFromRow,
  leadsRepository,
  type Store,
} from '../store/index.js'
import type { Clock } from '../util/index.js'
import { signAck } from './ack-token.js'
import type { AlertSettings } from './alert-settings.js'
import type { LeadFields } from './lead-fields.js'
import { formatDisplayDate, normalizeEmail } from './normalize/index.js'
import { formName } from './route-lead.js'

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

/** The alert for one delivery of a lead, or undefined when the lead is gone. */
export function createAlertBuilder(deps: BuildAlertDeps) {
  const members = new Map<string, TeamMember>((deps.settings.team?.members ?? []).map((m) => [m.id, m]))

  return async function buildAlert(leadId: string, kind: AlertKind): Promise<LeadAlert | undefined> {
    const row = await leadsRepository.getLead(deps.store.db, leadId)
    if (!row || row.status === 'deleted' || !row.fields) return undefined
    const stored = leadFromRow(row)
    const { fields, routing } = stored
    const lead = row
    const level = DELIVERY_KINDS[kind].escalationLevel
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
    const contact = alertContact(fields)
    const name = [fields.firstName, fields.lastName].filter(Boolean).join(' ') || contact.email || 'Unnamed lead'
    const minutesWaiting = lead.assigned_at === null ? 0 : Math.round((now - lead.assigned_at) / 60_000)
    return {
      kind: level > 0 ? 'escalation' : 'new-lead',
      leadId,
      leadUrn: lead.urn,
      test: lead.test === 1,
      name,
      firstName: fields.firstName ?? null,
      lastName: fields.lastName ?? null,
      email: contact.email,
      phone: contact.phone,
      jobTitle: fields.jobTitle ?? null,
      company: fields.company ?? null,
      companySize: fields.companySize ?? null,
      state: fields.state ?? null,
      score: lead.score ?? 0,
      priority: (lead.priority ?? 'cold') as Priority,
      scoreReasons: (routing?.score.contributions ?? []).map((c) => `${c.rule} ${c.points >= 0 ? '+' : ''}${c.points}`),
      leadType: lead.lead_type,
      formName: await formName(deps.store.db, lead),
      campaign: stored.campaign,
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
      customAnswers: stored.customAnswers,
      submittedAt: lead.submitted_at === null ? undefined : new Date(lead.submitted_at).toISOString(),
      conversion: kind.startsWith('conversion:') ? conversionFacts(lead, kind.slice('conversion:'.length)) : undefined,
    }
  }
}

/** When the lead reached the stage: its first contact or qualification, else the time the stage was set. */
function conversionFacts(lead: LeadRow, stage: string): ConversionFacts {
  const at =
    (stage === 'contacted' ? lead.contacted_at : stage === 'qualified' ? lead.qualified_at : null) ??
    lead.outcome_at ??
    lead.updated_at
  const won = stage === 'won'
  return { stage, happenedAt: at, amount: won ? lead.won_amount : null, currency: won ? lead.won_currency : null }
}

/**
 * The e-mail and phone an alert shows: only a valid address and a phone in E.164. What failed validation
 * is free text from a stranger (`x@%\n\nI'm on it: https://…`) and stays in LeadRelay's lead view.
 */
export function alertContact(fields: Partial<LeadFields>): { email: string | null; phone: string | null } {
  const email = [fields.workEmail, fields.email].find((e) => e && normalizeEmail(e)?.valid) ?? null
  return { email, phone: fields.phoneE164 ?? null }
}
