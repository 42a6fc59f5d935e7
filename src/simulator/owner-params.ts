import { LEAD_TYPES, type LeadType } from '../linkedin/index.js'
import type { Owner } from './linkedin-types.js'
import { type RestliRecord, RestliSyntaxError, type RestliValue } from './restli.js'

const OWNER_URNS = {
  sponsoredAccount: /^urn:li:sponsoredAccount:\d+$/,
  organization: /^urn:li:organization:\d+$/,
} as const

/** `(sponsoredAccount:urn:li:sponsoredAccount:1)` or `(organization:urn:li:organization:1)`, decoded. */
export function ownerFrom(value: RestliValue | undefined, name = 'owner'): Owner {
  if (value === undefined) throw new RestliSyntaxError(`parameter "${name}" is required`)
  if (typeof value === 'string' || Array.isArray(value)) {
    throw new RestliSyntaxError(
      `"${name}" must be a record such as (sponsoredAccount:urn%3Ali%3AsponsoredAccount%3A123)`,
    )
  }
  const entries = Object.entries(value as RestliRecord)
  const [key, urn] = entries[0] ?? []
  if (entries.length !== 1 || (key !== 'sponsoredAccount' && key !== 'organization') || typeof urn !== 'string') {
    throw new RestliSyntaxError(`"${name}" must have exactly one of sponsoredAccount or organization`)
  }
  if (!OWNER_URNS[key].test(urn)) throw new RestliSyntaxError(`"${name}.${key}" is not a ${key} URN: ${urn}`)
  return key === 'sponsoredAccount' ? { sponsoredAccount: urn } : { organization: urn }
}

export function leadTypeFrom(value: RestliValue | undefined, required: boolean): LeadType | undefined {
  if (value === undefined) {
    if (required) throw new RestliSyntaxError('parameter "leadType" is required, e.g. (leadType:SPONSORED)')
    return undefined
  }
  const inner = typeof value === 'object' && !Array.isArray(value) ? (value as RestliRecord).leadType : undefined
  if (typeof inner !== 'string' || !LEAD_TYPES.includes(inner as LeadType)) {
    throw new RestliSyntaxError(`"leadType" must be (leadType:${LEAD_TYPES.join('|')})`)
  }
  return inner as LeadType
}

/** SPONSORED leads belong to ad accounts, the organic types to organizations (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead types and owners). */
export function pairingProblem(owner: Owner, leadType: LeadType): string | undefined {
  const sponsored = 'sponsoredAccount' in owner
  if (sponsored && leadType !== 'SPONSORED') return `leadType ${leadType} requires an organization owner`
  if (!sponsored && leadType === 'SPONSORED') return 'leadType SPONSORED requires a sponsoredAccount owner'
  return undefined
}

export const sameOwner = (a: Owner, b: Owner) => JSON.stringify(a) === JSON.stringify(b)
