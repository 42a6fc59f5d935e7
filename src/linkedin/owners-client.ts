import { z } from 'zod'
import { LinkedInApiError } from './errors.js'
import type { Owner } from './lead-sync-client.js'
import type { RestTransport } from './rest-transport.js'
import { encodeRestliKey } from './restli.js'

/** An ad account or organization the connected member can reach, and the lead types it allows. */
export interface ReachableOwner {
  readonly owner: Owner
  readonly urn: string
  readonly name: string | null
  readonly role: string
  readonly leadTypes: readonly string[]
}

const AccountUsers = z.looseObject({
  elements: z.array(z.looseObject({ account: z.string(), role: z.string() })).default([]),
})
const Account = z.looseObject({ name: z.string().optional(), test: z.boolean().optional() })
const Acls = z.looseObject({
  elements: z
    .array(z.looseObject({ organization: z.string(), role: z.string(), state: z.string().optional() }))
    .default([]),
})

/** SPONSORED pairs with ad accounts; the organic lead types with organizations (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead types and owners). */
export const LEAD_TYPES_FOR = {
  sponsoredAccount: ['SPONSORED'],
  organization: ['EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT'],
} as const

export function createOwnersClient(transport: RestTransport) {
  return {
    async list(): Promise<ReachableOwner[]> {
      const owners: ReachableOwner[] = []
      const accounts = await transport.get('/rest/adAccountUsers?q=authenticatedUser&count=100', AccountUsers)
      for (const { account, role } of accounts.elements) {
        const id = account.split(':').at(-1) as string
        // The name is a courtesy: a member may see an account user row yet not the account itself.
        const detail = await transport.get(`/rest/adAccounts/${encodeRestliKey(id)}`, Account).catch((error) => {
          if (error instanceof LinkedInApiError && !error.transient) return undefined
          throw error
        })
        owners.push({
          owner: { sponsoredAccount: account },
          urn: account,
          name: detail?.name ?? null,
          role,
          leadTypes: LEAD_TYPES_FOR.sponsoredAccount,
        })
      }
      const acls = await transport.get('/rest/organizationAcls?q=roleAssignee&state=APPROVED&count=100', Acls)
      for (const { organization, role } of acls.elements) {
        owners.push({
          owner: { organization },
          urn: organization,
          name: null,
          role,
          leadTypes: LEAD_TYPES_FOR.organization,
        })
      }
      return owners
    },
  }
}

export type OwnersClient = ReturnType<typeof createOwnersClient>

/** `urn:li:sponsoredAccount:1` → { sponsoredAccount }, `urn:li:organization:1` → { organization }. */
export function ownerFromUrn(urn: string): Owner | undefined {
  if (/^urn:li:sponsoredAccount:\d+$/.test(urn)) return { sponsoredAccount: urn }
  if (/^urn:li:organization:\d+$/.test(urn)) return { organization: urn }
  return undefined
}
