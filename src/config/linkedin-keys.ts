import type { ConfigKey } from './config-key.js'

export const LINKEDIN_KEYS: readonly ConfigKey[] = [
  { env: 'LINKEDIN_CLIENT_ID', path: ['linkedin', 'clientId'], description: 'LinkedIn app client id' },
  {
    env: 'LINKEDIN_CLIENT_SECRET',
    path: ['linkedin', 'clientSecret'],
    secret: true,
    description: 'LinkedIn app client secret: signs challenges, verifies X-LI-Signature',
  },
  {
    env: 'LINKEDIN_CLIENT_SECRET_PREVIOUS',
    path: ['linkedin', 'clientSecretPrevious'],
    secret: true,
    description: 'The secret before a rotation, still accepted on notifications',
  },
  { env: 'LINKEDIN_API_URL', path: ['linkedin', 'apiUrl'], description: 'LinkedIn REST API base URL' },
  { env: 'LINKEDIN_OAUTH_URL', path: ['linkedin', 'oauthUrl'], description: 'LinkedIn OAuth base URL' },
  {
    env: 'LINKEDIN_VERSION',
    path: ['linkedin', 'version'],
    description: 'LinkedIn-Version header (YYYYMM); LinkedIn sunsets versions after a year',
  },
  { env: 'LINKEDIN_TIMEOUT_MS', path: ['linkedin', 'timeoutMs'], description: 'Timeout of each LinkedIn API call' },
  {
    env: 'LINKEDIN_ACCESS_TOKEN',
    path: ['linkedin', 'accessToken'],
    secret: true,
    description: 'Seeds the stored LinkedIn token at start when none is stored (containers)',
  },
  {
    env: 'LINKEDIN_REFRESH_TOKEN',
    path: ['linkedin', 'refreshToken'],
    secret: true,
    description: 'Seeds the stored refresh token with LINKEDIN_ACCESS_TOKEN',
  },
]

export const PULL_KEYS: readonly ConfigKey[] = [
  {
    env: 'RECONCILE_AT',
    path: ['pulls', 'reconcileAt'],
    description: 'Local time (HH:MM) of the daily reconciliation pull',
  },
  {
    env: 'RECONCILE_WINDOW_HOURS',
    path: ['pulls', 'reconcileWindowHours'],
    description: 'How far back the daily pull looks',
  },
  {
    env: 'BACKFILL_DAYS',
    path: ['pulls', 'backfillDays'],
    description: 'How far back the first pull of a new subscription reads (0: none)',
  },
  {
    env: 'ALERT_MAX_AGE_HOURS',
    path: ['pulls', 'alertMaxAgeHours'],
    description: 'Pulled leads submitted longer ago are stored and routed, not alerted',
  },
]
