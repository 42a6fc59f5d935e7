import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { LEAD_TYPES } from '../linkedin/index.js'
import { errors, sendError } from './errors.js'
import type { LeadStore } from './lead-store.js'
import { leadTypeFrom, ownerFrom, pairingProblem, sameOwner } from './owner-params.js'
import { createParams, type RestliRecord, RestliSyntaxError } from './restli.js'
import type { Subscriptions } from './subscriptions.js'
import { type WebhookSender, withoutQuery } from './webhook-sender.js'

const CreateBody = z.object({
  // LinkedIn accepts only public HTTPS URLs; a local simulator must also accept http://127.0.0.1.
  webhook: z.url({ protocol: /^https?$/ }),
  owner: z.union([
    z.object({ sponsoredAccount: z.string().regex(/^urn:li:sponsoredAccount:\d+$/) }).strict(),
    z.object({ organization: z.string().regex(/^urn:li:organization:\d+$/) }).strict(),
  ]),
  leadType: z.enum(LEAD_TYPES),
  versionedForm: z
    .string()
    .regex(/^urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:\d+,\d+\)$/)
    .optional(),
  associatedEntity: z.record(z.string(), z.string()).optional(),
})

export interface LeadNotificationDeps {
  readonly store: LeadStore
  readonly subscriptions: Subscriptions
  readonly sender: WebhookSender
}

export const leadNotificationRoutes: FastifyPluginAsync<LeadNotificationDeps> = async (app, deps) => {
  const { store, subscriptions, sender } = deps
  const resource = '/rest/leadNotifications'

  app.post(resource, async (request, reply) => {
    const body = CreateBody.safeParse(request.body)
    if (!body.success) {
      const issue = body.error.issues[0]
      return sendError(reply, errors.badRequest(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`))
    }
    const mismatch = pairingProblem(body.data.owner, body.data.leadType)
    if (mismatch) return sendError(reply, errors.badRequest(mismatch))
    if (!store.ownerName(body.data.owner)) {
      return sendError(reply, errors.accessDenied('leadNotifications', 'POST', request.linkedinVersion ?? ''))
    }
    // LinkedIn challenges the URL before it creates the subscription; a failing URL fails the call.
    const validation = await sender.validate(body.data.webhook, 'subscribe')
    if (!validation.ok) {
      request.log.info(
        { webhook: withoutQuery(body.data.webhook), error: validation.error },
        'subscription refused: challenge failed',
      )
      return sendError(reply, errors.badRequest('This URL did not pass the security challenge check'))
    }
    const subscription = subscriptions.add(body.data)
    request.log.info({ subscriptionId: subscription.id }, 'lead notification subscription created')
    return reply.code(201).header('x-restli-id', String(subscription.id)).send()
  })

  app.get(resource, async (request, reply) => {
    try {
      const params = createParams(request.url.split('?')[1] ?? '')
      if (params.string('q') !== 'criteria') throw new RestliSyntaxError('finder "q" must be criteria')
      // Unlike leadFormResponses, this finder wraps the owner: owner=(value:(sponsoredAccount:…)).
      const wrapped = params.record('owner')
      if (!wrapped || !('value' in wrapped)) throw new RestliSyntaxError('"owner" must be (value:(sponsoredAccount:…))')
      const owner = ownerFrom((wrapped as RestliRecord).value, 'owner.value')
      const leadType = leadTypeFrom(params.record('leadType'), false)
      const start = params.integer('start', 0)
      const count = params.integer('count', 10, 1000)
      const found = subscriptions
        .list()
        .filter((s) => sameOwner(s.owner, owner) && (leadType === undefined || s.leadType === leadType))
      return { elements: found.slice(start, start + count), paging: { start, count, links: [], total: found.length } }
    } catch (error) {
      if (error instanceof RestliSyntaxError) return sendError(reply, errors.badRequest(error.message))
      throw error
    }
  })

  app.get<{ Params: { id: string } }>(`${resource}/:id`, async (request, reply) => {
    const subscription = subscriptions.get(Number(request.params.id))
    if (!subscription) return sendError(reply, errors.notFound(`leadNotification ${request.params.id} does not exist`))
    return subscription
  })

  app.delete<{ Params: { id: string } }>(`${resource}/:id`, async (request, reply) => {
    const removed = subscriptions.remove(Number(request.params.id))
    if (!removed) return sendError(reply, errors.notFound(`leadNotification ${request.params.id} does not exist`))
    if (!subscriptions.usesWebhook(removed.webhook)) sender.forget(removed.webhook)
    return reply.code(204).send()
  })
}
