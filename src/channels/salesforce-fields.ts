import type { Priority } from './channel.js'
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

/** A LIKE pattern matching `value` anywhere: `%` and `_` in it are escaped, so they match only themselves. */
export function soqlContains(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/[%_]/g, '\\$&')
  return `'%${escaped}%'`
}

/** A string literal for SOQL: backslash and quote escaped (SOQL quoted-string escapes). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}
