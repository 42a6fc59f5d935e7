import type { Config } from '../config/index.js'
import type { Store } from '../store/index.js'
import type { Clock, SecretBox } from '../util/index.js'
import { type ConversionsClient, createConversionsClient } from './conversions-client.js'
import { createDeveloperWebhooksClient, type DeveloperWebhooksClient } from './developer-webhooks-client.js'
import { createLeadSyncClient, type LeadSyncClient } from './lead-sync-client.js'
import { createOAuthClient, type OAuthClient } from './oauth-client.js'
import { createOwnersClient, type OwnersClient } from './owners-client.js'
import { createRestTransport } from './rest-transport.js'
import { createSubscriptionsClient, type SubscriptionsClient } from './subscriptions-client.js'
import { createTokenManager, type TokenManager } from './token-manager.js'
import { createTokenPersistence } from './token-persistence.js'

export interface LinkedInAccess {
  /** Undefined until LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are set. */
  readonly oauth: OAuthClient | undefined
  readonly tokens: TokenManager
  readonly leadSync: LeadSyncClient
  readonly subscriptions: SubscriptionsClient
  readonly owners: OwnersClient
  /** LinkedIn's ACTIVE/BLOCKED state per webhook URL (developerWebhooks). */
  readonly developerWebhooks: DeveloperWebhooksClient
  /** Conversion rules for the Conversions API (`leadrelay conversions create`). */
  readonly conversions: ConversionsClient
}

/** OAuth client, stored tokens and the Lead Sync client, wired the same way for the server, the CLI and tests. */
export function createLinkedInAccess(
  config: Config['linkedin'],
  deps: {
    readonly store: Store
    readonly clock: Clock
    readonly box: SecretBox
    /** Told once per process when LinkedIn answers 426: the version is sunset (an ops alert). */
    readonly onVersionRejected?: (version: string) => void
  },
): LinkedInAccess {
  const { clientId, clientSecret, oauthUrl, apiUrl, version, timeoutMs } = config
  const { clock } = deps
  const oauth =
    clientId && clientSecret ? createOAuthClient({ oauthUrl, clientId, clientSecret, timeoutMs }) : undefined
  const tokens = createTokenManager({ persistence: createTokenPersistence(deps.store), oauth, box: deps.box, clock })
  let versionTold = false
  const rest = {
    baseUrl: apiUrl,
    version,
    timeoutMs,
    accessToken: tokens.accessToken,
    refreshAccessToken: tokens.refreshAccessToken,
    clock,
    // Every call fails alike once the version is sunset: told on the first 426 only.
    onVersionRejected: (rejected: string) => {
      if (versionTold) return
      versionTold = true
      deps.onVersionRejected?.(rejected)
    },
  }
  const transport = createRestTransport(rest)
  return {
    oauth,
    tokens,
    leadSync: createLeadSyncClient(rest),
    subscriptions: createSubscriptionsClient(transport),
    owners: createOwnersClient(transport),
    developerWebhooks: createDeveloperWebhooksClient(transport),
    conversions: createConversionsClient(transport),
  }
}
