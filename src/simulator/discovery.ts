import type { LeadType } from '../linkedin/index.js'
import type { SeededOwners } from './forms.js'
import { createRandom, seedNumber } from './random.js'

/**
 * Who the connected member is and what they may reach: the data behind `adAccountUsers`, `adAccounts`
 * and `organizationAcls`. Shapes follow LinkedIn's Marketing docs (Ad Account Users API, Ad Accounts,
 * Organization Access Control by Role); see discovery-routes.ts for the sources and what is unconfirmed.
 */

/** Ad account roles LinkedIn documents (Ad Account Users API "Ad Account User Role Definitions"). */
export const AD_ACCOUNT_ROLES = [
  'ACCOUNT_BILLING_ADMIN',
  'ACCOUNT_MANAGER',
  'CAMPAIGN_MANAGER',
  'CREATIVE_MANAGER',
  'VIEWER',
] as const
export type AdAccountRole = (typeof AD_ACCOUNT_ROLES)[number]

/** Company page roles (Marketing "Key Concepts: Company Page Roles"; organizationAcls `role`). */
export type OrganizationRole =
  | 'ADMINISTRATOR'
  | 'DIRECT_SPONSORED_CONTENT_POSTER'
  | 'RECRUITING_POSTER'
  | 'LEAD_CAPTURE_ADMINISTRATOR'
  | 'LEAD_GEN_FORMS_MANAGER'
  | 'CONTENT_ADMINISTRATOR'
export type AclState = 'APPROVED' | 'REQUESTED' | 'REVOKED'

export interface AdAccount {
  readonly id: number
  readonly name: string
  readonly currency: string
  readonly type: 'BUSINESS' | 'ENTERPRISE'
  readonly status: 'ACTIVE' | 'CANCELED' | 'DRAFT' | 'PENDING_DELETION' | 'REMOVED'
  readonly test: boolean
  /** The company page the account advertises for; sponsored leads also need a role on it (LinkedIn Lead Sync permissions, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/lead-sync-usecase). */
  readonly reference: string
  readonly servingStatuses: readonly string[]
}

export interface AdAccountUser {
  readonly account: string
  readonly user: string
  readonly role: AdAccountRole
  readonly changeAuditStamps: { readonly created: { time: number }; readonly lastModified: { time: number } }
}

export interface OrganizationAcl {
  readonly roleAssignee: string
  readonly organization: string
  readonly role: OrganizationRole
  readonly state: AclState
  readonly created: { readonly actor: string; readonly time: number }
  readonly lastModified: { readonly actor: string; readonly time: number }
}

/** The lead types each owner kind can carry (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead types and owners): what `leadrelay owners` should print. */
export const LEAD_TYPES_BY_OWNER: Readonly<Record<'sponsoredAccount' | 'organization', readonly LeadType[]>> = {
  sponsoredAccount: ['SPONSORED'],
  organization: ['EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT'],
}

/**
 * What a VIEWER may do, in the simulator: read the account's forms and leads through Lead Sync and
 * subscribe to its notifications (the Lead Sync docs list VIEWER among the ad-account roles that can read
 * leads, LinkedIn Lead Sync permissions, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/lead-sync-usecase), but nothing that writes ads (LinkedIn: "read-only, even with rw_ads scope").
 * The simulator has no write endpoints for ads, so the role changes no answer; it is there so
 * `leadrelay owners` can show it and warn that the member cannot edit forms or campaigns on that account.
 */
export const VIEWER_ALLOWS = 'read forms and leads, subscribe to lead notifications; no form or campaign edits'

const DAY = 86_400_000

export interface Discovery {
  readonly member: string
  readonly adAccounts: readonly AdAccount[]
  readonly adAccountUsers: readonly AdAccountUser[]
  readonly organizationAcls: readonly OrganizationAcl[]
}

/**
 * The member holds ACCOUNT_MANAGER on the first seeded ad account, VIEWER only on the second, ADMINISTRATOR
 * (approved) on the organization, and a LEAD_GEN_FORMS_MANAGER request on it that is still REQUESTED, so
 * the `state=APPROVED` filter visibly matters. Derived from the seed by its own generator, so adding it
 * changes none of the seeded forms or leads.
 */
export function createDiscovery(seed: number | string, owners: SeededOwners, now: number): Discovery {
  const random = createRandom(seedNumber(seed) ^ 0x5eed_d15c)
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const member = `urn:li:person:${Array.from({ length: 10 }, () => random.pick([...ALNUM])).join('')}`
  const organization = owners.organizations[0]?.urn ?? 'urn:li:organization:0'
  const since = now - random.int(500, 700) * DAY
  const adAccounts = owners.sponsoredAccounts.map(
    (account): AdAccount => ({
      id: Number(account.urn.split(':').at(-1)),
      name: account.name,
      currency: 'USD',
      type: 'BUSINESS',
      status: 'ACTIVE',
      test: false,
      reference: organization,
      servingStatuses: ['RUNNABLE'],
    }),
  )
  const roles: readonly AdAccountRole[] = ['ACCOUNT_MANAGER', 'VIEWER']
  const adAccountUsers = owners.sponsoredAccounts.map(
    (account, index): AdAccountUser => ({
      account: account.urn,
      user: member,
      role: roles[index] ?? 'VIEWER',
      changeAuditStamps: { created: { time: since }, lastModified: { time: since + index * DAY } },
    }),
  )
  const acl = (org: string, role: OrganizationRole, state: AclState, at: number): OrganizationAcl => ({
    roleAssignee: member,
    organization: org,
    role,
    state,
    created: { actor: member, time: at },
    lastModified: { actor: member, time: at },
  })
  const organizationAcls = owners.organizations.flatMap((o) => [
    acl(o.urn, 'ADMINISTRATOR', 'APPROVED', since),
    acl(o.urn, 'LEAD_GEN_FORMS_MANAGER', 'REQUESTED', now - 3 * DAY),
  ])
  return { member, adAccounts, adAccountUsers, organizationAcls }
}
