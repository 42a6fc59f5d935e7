import type { Clock } from '../util/clock.js'
import type { LeadForm, LeadFormResponse, Owner, SeededForm } from './linkedin-types.js'
import { ownerUrn } from './linkedin-types.js'
import type { SeedData } from './seed.js'

/** "LinkedIn will store form response (lead) data for up to 365 days" (linkedin-api.md §5.3). */
export const LEAD_RETENTION_MS = 365 * 86_400_000

/** Leads and forms the REST side serves; leads older than the retention window are invisible. */
export function createLeadStore(seed: SeedData, clock: Clock) {
  const leads = new Map<string, LeadFormResponse>(seed.leads.map((lead) => [lead.id, lead]))
  const owners = new Map<string, string>([
    ...seed.owners.sponsoredAccounts.map((a) => [a.urn, a.name] as const),
    ...seed.owners.organizations.map((o) => [o.urn, o.name] as const),
  ])
  const retained = (lead: LeadFormResponse) => lead.submittedAt > clock.now().getTime() - LEAD_RETENTION_MS

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
      return [...leads.values()].filter(retained).sort((a, b) => b.submittedAt - a.submittedAt)
    },
    lead(id: string): LeadFormResponse | undefined {
      const lead = leads.get(id)
      return lead && retained(lead) ? lead : undefined
    },
    add(lead: LeadFormResponse) {
      leads.set(lead.id, lead)
    },
    /** A deleted lead is gone from every read, as when a member withdraws an event registration. */
    remove(id: string): LeadFormResponse | undefined {
      const lead = leads.get(id)
      leads.delete(id)
      return lead
    },
  }
}
export type LeadStore = ReturnType<typeof createLeadStore>
