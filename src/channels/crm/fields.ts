import type { LeadAlert } from '../channel.js'

/** Every lead field by LeadRelay's name: `alert.fields` when the pipeline sent them, else the alert's named fields. */
export function leadFieldValues(alert: LeadAlert): Record<string, string | null> {
  return {
    firstName: alert.firstName,
    lastName: alert.lastName,
    email: alert.email,
    phoneE164: alert.phone,
    jobTitle: alert.jobTitle,
    company: alert.company,
    companySize: alert.companySize,
    state: alert.state,
    ...alert.fields,
  }
}

/**
 * CRM fields from a mapping (lead field → CRM field). When two lead fields map to one CRM field (email and
 * workEmail), the first with a value wins, in mapping order.
 */
export function mapFields(
  values: Readonly<Record<string, string | null>>,
  mapping: Readonly<Record<string, string>>,
): Record<string, string> {
  const mapped: Record<string, string> = {}
  for (const [field, target] of Object.entries(mapping)) {
    const value = values[field]?.trim()
    if (value && mapped[target] === undefined) mapped[target] = value
  }
  return mapped
}

/** The lead's own values: CRMs echo refused values in their errors, and reasons must not carry them. */
export function personalValues(values: Readonly<Record<string, string | null>>): string[] {
  return Object.values(values).filter((v): v is string => typeof v === 'string')
}

/** The follow-up task's text: why this lead matters and what the prospect answered. Kept out of logs. */
export function followUpText(alert: LeadAlert): string {
  const lines = [
    `LinkedIn Lead Gen: ${[alert.formName, alert.campaign].filter(Boolean).join(' / ') || 'unknown form'}`,
    `Score ${alert.score} (${alert.priority.toUpperCase()})${alert.scoreReasons.length ? `: ${alert.scoreReasons.join(', ')}` : ''}`,
  ]
  if (alert.routingReason) lines.push(`Routed: ${alert.routingReason}`)
  if (alert.submittedAtShown) lines.push(`Submitted: ${alert.submittedAtShown}`)
  for (const { question, answer } of alert.customAnswers ?? []) lines.push(`${question}: ${answer}`)
  lines.push(`LeadRelay: ${alert.leadUrl}`)
  return lines.join('\n')
}
