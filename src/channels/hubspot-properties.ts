import type { LeadAlert, Priority } from './channel.js'

/** Lead field → HubSpot contact property (internal names of HubSpot's default contact properties). */
export const DEFAULT_HUBSPOT_FIELD_MAPPING: Readonly<Record<string, string>> = {
  firstName: 'firstname',
  lastName: 'lastname',
  email: 'email',
  workEmail: 'email',
  phoneE164: 'phone',
  jobTitle: 'jobtitle',
  company: 'company',
  city: 'city',
  state: 'state',
  postalCode: 'zip',
  country: 'country',
  industry: 'industry',
}

/** HubSpot's task priorities (`hs_task_priority`). */
export const HUBSPOT_TASK_PRIORITY = { hot: 'HIGH', warm: 'MEDIUM', cold: 'LOW' } as const satisfies Record<
  Priority,
  string
>

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
 * Contact properties from the mapping. When two lead fields map to one property (email and workEmail), the first
 * field with a value wins, in mapping order.
 */
export function mappedProperties(
  values: Readonly<Record<string, string | null>>,
  mapping: Readonly<Record<string, string>>,
): Record<string, string> {
  const properties: Record<string, string> = {}
  for (const [field, property] of Object.entries(mapping)) {
    const value = values[field]?.trim()
    if (value && properties[property] === undefined) properties[property] = value
  }
  return properties
}

/** The task's text: why this lead matters and what the prospect answered. Kept out of logs by the caller. */
export function taskBody(alert: LeadAlert): string {
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
