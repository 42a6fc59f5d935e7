import type { Clock } from '../util/index.js'
import type { LeadForm, LeadFormResponse, Owner, SeededForm } from './linkedin-types.js'
import { ownerUrn } from './linkedin-types.js'
import type { SeedData } from './seed.js'

/** "LinkedIn will store form response (lead) data for up to 365 days" (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead form responses). */
export const LEAD_RETENTION_MS = 365 * 86_400_000

/** Leads and forms the REST side serves; leads older than the retention window are invisible. */
export function createLeadStore(seed: SeedData, clock: Clock) {
  const leads = new Map<string, LeadFormResponse>(seed.leads.map((lead) => [lead.id, lead]))
  const owners = new Map<string, string>([
    ...seed.owners.sponsoredAccounts.map((a) => [a.urn, a.name] as const),
    ...seed.owners.organizations.map((o) => [o.urn, o.name] as const),
  ])
  const retained = (lead: LeadFormResponse) => lead.submittedAt > clock.now().getTime() - LEAD_RETENTION_MS
  const keyOf = (owner: Owner, leadType: string) => `${ownerUrn(owner)}|${leadType}`
  // Newest first, ties in insertion order; rebuilt lazily after a change, so a bulk seeding sorts once.
  let sorted: LeadFormResponse[] | undefined
  let byKey = new Map<string, LeadFormResponse[]>()
  function index(): LeadFormResponse[] {
    if (!sorted) {
      sorted = [...leads.values()].sort((a, b) => b.submittedAt - a.submittedAt)
      byKey = new Map()
      for (const lead of sorted) {
        const key = keyOf(lead.owner, lead.leadType)
        const list = byKey.get(key)
        if (list) list.push(lead)
        else byKey.set(key, [lead])
      }
    }
    return sorted
  }
  /** The retained prefix of a newest-first list: retention cuts only its oldest end. */
  function retainedPrefix(list: readonly LeadFormResponse[]): LeadFormResponse[] {
    const cutoff = clock.now().getTime() - LEAD_RETENTION_MS
    let low = 0
    let high = list.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if ((list[mid] as LeadFormResponse).submittedAt > cutoff) low = mid + 1
      else high = mid
    }
    return list.slice(0, low)
  }

  return {
    forms: seed.forms,
    ownerName: (owner: Owner) => owners.get(ownerUrn(owner)),
    form(id: number): SeededForm | undefined {
      return seed.forms.get(id)
    },
    formVersion(id: number, versionId: number): LeadForm | undefined {
      return seed.forms.get(id)?.versions.find((v) => v.versionId === versionId)
    },
    /** Retained leads, newest first. */
    leads(): LeadFormResponse[] {
      return retainedPrefix(index())
    },
    /** Retained leads of one owner and lead type, newest first: what the `q=owner` finder scans. */
    leadsOf(owner: Owner, leadType: string): LeadFormResponse[] {
      index()
      return retainedPrefix(byKey.get(keyOf(owner, leadType)) ?? [])
    },
    lead(id: string): LeadFormResponse | undefined {
      const lead = leads.get(id)
      return lead && retained(lead) ? lead : undefined
    },
    add(lead: LeadFormResponse) {
      leads.set(lead.id, lead)
      sorted = undefined
    },
    /** A deleted lead is gone from every read, as when a member withdraws an event registration. */
    remove(id: string): LeadFormResponse | undefined {
      const lead = leads.get(id)
      leads.delete(id)
      sorted = undefined
      return lead
    },
  }
}
export type LeadStore = ReturnType<typeof createLeadStore>
