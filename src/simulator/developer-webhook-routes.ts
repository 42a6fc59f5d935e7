import type { FastifyPluginAsync } from 'fastify'
import { errors, sendError } from './errors.js'
import { createParams, RestliSyntaxError } from './restli.js'
import type { WebhookSender, WebhookStatus } from './webhook-sender.js'

/** The simulator is one developer application; LinkedIn's docs use this id in their examples. */
export const DEVELOPER_APPLICATION = 'urn:li:developerApplication:12345678'

const STATUSES: readonly WebhookStatus[] = ['ACTIVE', 'BLOCKED']

/**
 * `GET /v2/developerWebhooks?q=parentApplication&queryCriteria=(webhookStatus:…)` (linkedin-api.md §7).
 * LinkedIn's page shows only the start of a response; the element fields served here are our guess.
 */
export const developerWebhookRoutes: FastifyPluginAsync<{ sender: WebhookSender }> = async (app, { sender }) => {
  app.get('/v2/developerWebhooks', async (request, reply) => {
    try {
      const params = createParams(request.url.split('?')[1] ?? '')
      if (params.string('q') !== 'parentApplication')
        throw new RestliSyntaxError('finder "q" must be parentApplication')
      const criteria = params.record('queryCriteria')
      const wanted = criteria?.webhookStatus
      if (wanted !== undefined && !STATUSES.includes(wanted as WebhookStatus)) {
        throw new RestliSyntaxError('queryCriteria.webhookStatus must be ACTIVE or BLOCKED')
      }
      const start = params.integer('start', 0)
      const count = params.integer('count', 10, 1000)
      const found = sender
        .webhooks()
        .filter((w) => wanted === undefined || w.status === wanted)
        .map((w) => ({ developerApplication: DEVELOPER_APPLICATION, webhookUrl: w.url, webhookStatus: w.status }))
      return { paging: { start, count, links: [], total: found.length }, elements: found.slice(start, start + count) }
    } catch (error) {
      if (error instanceof RestliSyntaxError) return sendError(reply, errors.badRequest(error.message))
      throw error
    }
  })
}
