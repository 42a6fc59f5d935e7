import type { DeveloperWebhook } from '../linkedin/index.js'
import { type Store, subscriptionsRepository } from '../store/index.js'
import type { OpsAlerts } from './ops-alerts.js'

/** LinkedIn's ACTIVE/BLOCKED state of every webhook of the developer application (developerWebhooks). */
export type ListWebhookStatuses = () => Promise<readonly DeveloperWebhook[]>

/** Integrations carry tenant keys in a webhook's query string; alert keys and texts keep origin and path. */
const withoutQuery = (url: string) => url.split('?')[0] ?? url

/**
 * Asks LinkedIn and stores its answer, or why there was none (kept beside the last answer). Returns the
 * state per webhook URL, or undefined when LinkedIn could not be asked: a 403 is expected for apps that
 * are not Apply Connect or Job Posting partners, and must not stop the rest of the health check.
 */
export async function readWebhookStatuses(
  store: Store,
  list: ListWebhookStatuses,
  at: number,
): Promise<ReadonlyMap<string, DeveloperWebhook['webhookStatus']> | undefined> {
  try {
    const elements = await list()
    await subscriptionsRepository.saveWebhookStatuses(store.db, { elements }, at)
    // BLOCKED wins if LinkedIn ever lists one URL under both.
    const states = new Map<string, DeveloperWebhook['webhookStatus']>()
    for (const e of elements) if (states.get(e.webhookUrl) !== 'BLOCKED') states.set(e.webhookUrl, e.webhookStatus)
    return states
  } catch (error) {
    await subscriptionsRepository.saveWebhookStatuses(store.db, { error: (error as Error).message }, at)
    return undefined
  }
}

/**
 * One alert per webhook LinkedIn reports BLOCKED, resolved when it reports it ACTIVE again. Returns whether
 * any is BLOCKED: LinkedIn's word then replaces the challenge-silence guess. ACTIVE does not: challenges
 * that pass at LinkedIn but never reach us mean something else answers at that URL.
 */
export async function alertOnBlockedWebhooks(
  ops: Pick<OpsAlerts, 'raise' | 'resolve'>,
  webhooks: readonly string[],
  states: ReadonlyMap<string, DeveloperWebhook['webhookStatus']>,
): Promise<boolean> {
  for (const url of webhooks) {
    const state = states.get(url)
    const key = `webhook-blocked:${withoutQuery(url)}`
    if (state === 'BLOCKED')
      await ops.raise(
        key,
        `LinkedIn reports the webhook ${withoutQuery(url)} BLOCKED (three failed challenges in a row): no lead notification will be sent to it. Fix the endpoint (it must answer LinkedIn's challenge over HTTPS with the right client secret), then re-validate it in the LinkedIn developer portal or run leadrelay subscriptions revalidate.`,
      )
    else if (state === 'ACTIVE') await ops.resolve(key)
  }
  return webhooks.some((url) => states.get(url) === 'BLOCKED')
}
