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
