import { API_KEYS, DASHBOARD_KEYS, SECURITY_KEYS } from './access-keys.js'
import type { ConfigKey } from './config-key.js'
import { ALERT_KEYS, CRM_KEYS, ESCALATION_KEYS, OPS_KEYS } from './delivery-keys.js'
import { LINKEDIN_KEYS, PULL_KEYS } from './linkedin-keys.js'
import { DATABASE_KEYS, DISPLAY_KEYS, LOG_KEYS, SERVER_KEYS, WEBHOOK_KEYS, WORKER_KEYS } from './server-keys.js'

export type { ConfigKey } from './config-key.js'

/**
 * Every configuration key: its place in leadrelay.config.yaml, its environment variable and what it
 * means. The README's configuration reference is checked against this table by a test.
 */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  ...SERVER_KEYS,
  ...WEBHOOK_KEYS,
  ...DATABASE_KEYS,
  ...LINKEDIN_KEYS,
  ...SECURITY_KEYS,
  ...DISPLAY_KEYS,
  ...API_KEYS,
  ...ALERT_KEYS,
  ...ESCALATION_KEYS,
  ...PULL_KEYS,
  ...CRM_KEYS,
  ...OPS_KEYS,
  ...WORKER_KEYS,
  ...LOG_KEYS,
  ...DASHBOARD_KEYS,
]
