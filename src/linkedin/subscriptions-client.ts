import { z } from 'zod'
import { LinkedInApiError } from './errors.js'
import type { Owner } from './lead-sync-client.js'
import type { RestTransport } from './rest-transport.js'
import { encodeRestliKey, type RestliValue, restliQuery } from './restli.js'

const Subscription = z.looseObject({
  id: z.union([z.number(), z.string()]).transform(String),
  owner: z.record(z.string(), z.string()),
  leadType: z.string(),
  webhook: z.string(),
  versionedForm: z.string().optional(),
  associatedEntity: z.record(z.string(), z.unknown()).optional(),
})
export type LeadNotificationSubscription = z.infer<typeof Subscription>

const SubscriptionPage = z.looseObject({ elements: z.array(Subscription).default([]) })

/** Lead Notification Subscriptions (`/rest/leadNotifications`, LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, “Lead Notification Subscriptions”). */
export function createSubscriptionsClient(transport: RestTransport) {
  return {
    /** LinkedIn challenges the webhook before it answers 201; the new id is in `x-restli-id`. */
    async create(request: {
      webhook: string
      owner: Owner
      leadType: string
      versionedForm?: string
    }): Promise<string> {
      const response = await transport.request('POST', '/rest/leadNotifications', {
        webhook: request.webhook,
        owner: request.owner,
        leadType: request.leadType,
        ...(request.versionedForm ? { versionedForm: request.versionedForm } : {}),
      })
      const id = response.headers.get('x-restli-id')
      await response.body?.cancel()
      if (!id) throw new LinkedInApiError('bad-request', 'LinkedIn created the subscription but sent no x-restli-id')
      return id
    },
    async list(owner: Owner, leadType: string): Promise<LeadNotificationSubscription[]> {
      const query = restliQuery([
        ['q', 'criteria'],
        // This finder wraps the owner in `value:` (unlike leadFormResponses).
        ['owner', { value: owner as unknown as RestliValue }],
        ['leadType', { leadType }],
      ])
      return (await transport.get(`/rest/leadNotifications?${query}`, SubscriptionPage)).elements
    },
    /** Idempotent: a subscription that is already gone counts as removed. */
    async remove(id: string): Promise<void> {
      try {
        const response = await transport.request('DELETE', `/rest/leadNotifications/${encodeRestliKey(id)}`)
        await response.body?.cancel()
      } catch (error) {
        if (error instanceof LinkedInApiError && error.kind === 'not-found') return
        throw error
      }
    },
  }
}

export type SubscriptionsClient = ReturnType<typeof createSubscriptionsClient>
