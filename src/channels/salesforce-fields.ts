import type { LeadAlert, Priority } from './channel.js'
import { mapFields } from './crm/fields.js'

/** Lead field → standard Lead field API name. */
export const DEFAULT_SALESFORCE_FIELD_MAPPING: Readonly<Record<string, string>> = {
  firstName: 'FirstName',
  lastName: 'LastName',
  email: 'Email',
  workEmail: 'Email',
  phoneE164: 'Phone',
  jobTitle: 'Title',
  company: 'Company',
  city: 'City',
  state: 'State',
  postalCode: 'PostalCode',
  country: 'Country',
  industry: 'Industry',
}

/** LastName and Company are required on a Lead; a form without them still makes a Lead, marked so. */
export const NOT_PROVIDED = '[not provided]'
export const REQUIRED_LEAD_FIELDS = ['LastName', 'Company'] as const

/** Task.Priority picklist values in a default org. */
export const SALESFORCE_TASK_PRIORITY = { hot: 'High', warm: 'Normal', cold: 'Low' } as const satisfies Record<
  Priority,
  string
>

/** Lead fields from the mapping (first lead field with a value wins per Salesforce field), required ones filled. */
export function leadRecordFields(
  values: Readonly<Record<string, string | null>>,
  mapping: Readonly<Record<string, string>>,
): Record<string, string> {
  const record = mapFields(values, mapping)
  for (const required of REQUIRED_LEAD_FIELDS) record[required] ??= NOT_PROVIDED
  return record
}

/** The Task description: score, source, routing and the prospect's answers. */
export function taskDescription(alert: LeadAlert): string {
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

/** A string literal for SOQL: backslash and quote escaped (SOQL quoted-string escapes). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}
