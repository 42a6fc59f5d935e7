import { z } from 'zod'
import { LinkedInApiError } from './errors.js'
import type { RestTransport } from './rest-transport.js'
import { restliQuery } from './restli.js'

export type DeveloperWebhookStatus = 'ACTIVE' | 'BLOCKED'

/**
 * ASSUMED fields: LinkedIn's page (linkedin-api.md §7) shows only `paging` and the start of `elements`.
 * We expect `developerApplication` (urn:li:developerApplication:<id>), `webhookUrl` and `webhookStatus`,
 * and also accept `webhook` and `status`, the names its other webhook APIs use. An element without a URL
 * cannot be matched to a subscription and is dropped by the caller.
 */
const Element = z.looseObject({
  developerApplication: z.string().optional(),
  webhookUrl: z.string().optional(),
  webhook: z.string().optional(),
  webhookStatus: z.string().optional(),
  status: z.string().optional(),
})
const Page = z.looseObject({ elements: z.array(Element).default([]) })

export interface DeveloperWebhook {
  readonly developerApplication: string | null
  readonly webhookUrl: string
  readonly webhookStatus: DeveloperWebhookStatus
}

const PAGE = 100
const MAX_PAGES = 20

/**
 * DeveloperWebhooks API (`GET /v2/developerWebhooks?q=parentApplication`): the ACTIVE or BLOCKED state
 * LinkedIn keeps per webhook URL, which the Lead Notification Subscriptions API does not return. Documented
 * for Apply Connect and Job Posting parent apps only; a 403 means the token lacks that permission.
 */
export function createDeveloperWebhooksClient(transport: RestTransport) {
  async function listByStatus(status: DeveloperWebhookStatus): Promise<DeveloperWebhook[]> {
    const found: DeveloperWebhook[] = []
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = restliQuery([
        ['q', 'parentApplication'],
        ['queryCriteria', { webhookStatus: status }],
        ['start', page * PAGE],
        ['count', PAGE],
      ])
      let elements: z.infer<typeof Element>[]
      try {
        elements = (await transport.get(`/v2/developerWebhooks?${query}`, Page)).elements
      } catch (error) {
        if (error instanceof LinkedInApiError && error.kind === 'forbidden') {
          throw new LinkedInApiError(
            'forbidden',
            `LinkedIn refused /v2/developerWebhooks (403): the token lacks the developer application permission LinkedIn grants Apply Connect and Job Posting partners, so webhook states are unknown`,
            { cause: error, status: 403, ...(error.code ? { code: error.code } : {}) },
          )
        }
        throw error
      }
      for (const e of elements) {
        const url = e.webhookUrl ?? e.webhook
        // The criteria already filtered; an element without its own status takes the one asked for.
        const stated = (e.webhookStatus ?? e.status ?? status).toUpperCase()
        if (url && (stated === 'ACTIVE' || stated === 'BLOCKED'))
          found.push({ developerApplication: e.developerApplication ?? null, webhookUrl: url, webhookStatus: stated })
      }
      if (elements.length < PAGE) break
    }
    return found
  }
  return {
    listByStatus,
    /** Both states, asked at once; a URL LinkedIn reports in neither is unknown to it. */
    async list(): Promise<DeveloperWebhook[]> {
      const [blocked, active] = await Promise.all([listByStatus('BLOCKED'), listByStatus('ACTIVE')])
      return [...blocked, ...active]
    },
  }
}

export type DeveloperWebhooksClient = ReturnType<typeof createDeveloperWebhooksClient>
