import type { LeadType } from '../linkedin/index.js'
import type { LeadFormResponse, Owner } from './linkedin-types.js'
import { sameOwner } from './owner-params.js'

/** A `leadNotifications` entity as LinkedIn returns it (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, “Lead Notification Subscriptions” (find by criteria)). */
export interface Subscription {
  readonly id: number
  readonly webhook: string
  readonly owner: Owner
  readonly leadType: LeadType
  readonly versionedForm?: string
  readonly associatedEntity?: Readonly<Record<string, string>>
}

export function createSubscriptions(firstId: number) {
  const subscriptions = new Map<number, Subscription>()
  let nextId = firstId
  return {
    add(fields: Omit<Subscription, 'id'>): Subscription {
      const subscription = { id: nextId++, ...fields }
      subscriptions.set(subscription.id, subscription)
      return subscription
    },
    get: (id: number) => subscriptions.get(id),
    list: () => [...subscriptions.values()],
    remove(id: number): Subscription | undefined {
      const subscription = subscriptions.get(id)
      subscriptions.delete(id)
      return subscription
    },
    usesWebhook: (url: string) => [...subscriptions.values()].some((s) => s.webhook === url),
    /** Webhook URLs to notify for a lead; one POST per URL even when several subscriptions match. */
    webhooksFor(lead: LeadFormResponse): string[] {
      const urls = new Set<string>()
      for (const s of subscriptions.values()) {
        if (!sameOwner(s.owner, lead.owner) || s.leadType !== lead.leadType) continue
        if (s.versionedForm && s.versionedForm !== lead.versionedLeadGenFormUrn) continue
        if (s.associatedEntity && JSON.stringify(s.associatedEntity) !== JSON.stringify(lead.associatedEntity)) continue
        urls.add(s.webhook)
      }
      return [...urls]
    },
  }
}
export type Subscriptions = ReturnType<typeof createSubscriptions>
