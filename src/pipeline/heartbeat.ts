import type { LinkedInAccess, Owner } from '../linkedin/index.js'
import { type Store, subscriptionsRepository } from '../store/index.js'

/** Introspection (is the token active?) plus one cheap authorised Lead Sync read; throws on failure. */
export function createHeartbeat(store: Store, linkedin: LinkedInAccess): () => Promise<void> {
  return async () => {
    const token = await linkedin.tokens.accessToken()
    if (linkedin.oauth) {
      const introspection = await linkedin.oauth.introspect(token)
      if (!introspection.active)
        throw new Error(`LinkedIn says the access token is ${introspection.status ?? 'not active'}`)
    }
    const [subscription] = await subscriptionsRepository.activeSubscriptions(store.db)
    if (subscription) {
      await linkedin.leadSync.findLeadFormResponses(
        { owner: JSON.parse(subscription.owner) as Owner, leadType: subscription.lead_type },
        { start: 0, count: 1 },
      )
    } else {
      await linkedin.owners.list()
    }
  }
}
