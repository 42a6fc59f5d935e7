import type { Priority } from './channel.js'

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
