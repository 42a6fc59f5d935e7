import type { Config } from './config/index.js'
import { versionRejectedMessage } from './linkedin/api-version.js'
import {
  createLeadSyncClient,
  createOAuthClient,
  createOwnersClient,
  createRestTransport,
  createSubscriptionsClient,
  createTokenManager,
  type LeadSyncClient,
  type OAuthClient,
  type OwnersClient,
  type SubscriptionsClient,
  type TokenManager,
} from './linkedin/index.js'
import { createTokenPersistence } from './pipeline/index.js'
import { raiseOpsAlert } from './pipeline/ops-alerts.js'
import type { Store } from './store/index.js'
import type { Clock } from './util/clock.js'
import { createSecretBox } from './util/secret-box.js'

export interface LinkedInAccess {
  /** Undefined until LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET are set. */
  readonly oauth: OAuthClient | undefined
  readonly tokens: TokenManager
  readonly leadSync: LeadSyncClient
  readonly subscriptions: SubscriptionsClient
  readonly owners: OwnersClient
}

/** OAuth client, stored tokens and the Lead Sync client, wired the same way for the server and the CLI. */
export function createLinkedInAccess(config: Config, store: Store, clock: Clock): LinkedInAccess {
  const { clientId, clientSecret, oauthUrl, apiUrl, version, timeoutMs } = config.linkedin
  const oauth =
    clientId && clientSecret ? createOAuthClient({ oauthUrl, clientId, clientSecret, timeoutMs }) : undefined
  const tokens = createTokenManager({
    persistence: createTokenPersistence(store),
    oauth,
    box: createSecretBox(config.security.secretKey),
    clock,
  })
  // Every call fails alike once the version is sunset: one alert per version (the key makes it one per
  // fleet too), raised on the first 426 this process sees.
  let versionAlerted = false
  const rest = {
    baseUrl: apiUrl,
    version,
    timeoutMs,
    accessToken: tokens.accessToken,
    refreshAccessToken: tokens.refreshAccessToken,
    clock,
    onVersionRejected: (rejected: string) => {
      if (versionAlerted) return
      versionAlerted = true
      const now = clock.now()
      raiseOpsAlert(store, `linkedin-version-rejected:${rejected}`, versionRejectedMessage(rejected, now), now).catch(
        () => {
          versionAlerted = false
        },
      )
    },
  }
  const transport = createRestTransport(rest)
  return {
    oauth,
    tokens,
    leadSync: createLeadSyncClient(rest),
    subscriptions: createSubscriptionsClient(transport),
    owners: createOwnersClient(transport),
  }
}
