import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { z } from 'zod'
import {
  LinkedInApiError,
  type OwnersClient,
  ownerFromUrn,
  type SubscriptionsClient,
  type TokenManager,
} from '../../../linkedin/index.js'
import {
  collectStatus,
  reconcileAll,
  revalidateSubscriptions,
  startPull,
  subscribe,
  subscriptionStates,
  unsubscribe,
  WEBHOOK_PATH,
} from '../../../pipeline/index.js'
import type { Store } from '../../../store/index.js'
import type { Clock } from '../../../util/index.js'
import { invalidRequest } from '../../error-handler.js'

export interface SubscriptionsApiOptions {
  readonly store: Store
  readonly clock: Clock
  readonly tokens: TokenManager
  readonly subscriptions: SubscriptionsClient
  readonly owners: OwnersClient
  readonly publicUrl: string | undefined
  readonly backfillMs: number
  readonly reconcileWindowMs: number
  /** Shown in /api/status with how close it is to its sunset. */
  readonly linkedinVersion?: string
}

const CreateBody = z.object({
  owner: z.string().refine((urn) => ownerFromUrn(urn) !== undefined, {
    error: 'must be urn:li:sponsoredAccount:… or urn:li:organization:…',
  }),
  leadType: z.enum(['SPONSORED', 'EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT']),
  form: z.string().optional(),
  webhook: z.url().optional(),
})

/** LinkedIn's errors keep their meaning at our edge: 403 stays a permissions problem, 5xx/429 a 502. */
function linkedinFailure(reply: FastifyReply, error: unknown) {
  if (!(error instanceof LinkedInApiError)) throw error
  const status = error.kind === 'forbidden' ? 403 : error.kind === 'unauthorized' ? 409 : error.transient ? 502 : 400
  return reply.code(status).send({ error: `linkedin-${error.kind}`, message: error.message })
}

export const subscriptionsApiRoutes: FastifyPluginAsync<SubscriptionsApiOptions> = async (app, options) => {
  const { store, clock } = options

  app.get('/api/status', async () =>
    collectStatus(store, options.tokens, clock.now().getTime(), options.linkedinVersion),
  )

  app.get('/api/owners', async (_request, reply) => {
    try {
      return { owners: await options.owners.list() }
    } catch (error) {
      return linkedinFailure(reply, error)
    }
  })

  app.get('/api/subscriptions', async (_request, reply) => {
    try {
      const states = await subscriptionStates(store, options.subscriptions)
      return {
        subscriptions: states.map(({ local, remote }) => ({
          id: local.id,
          owner: JSON.parse(local.owner),
          leadType: local.lead_type,
          versionedForm: local.versioned_form,
          webhook: local.webhook,
          createdAt: new Date(local.created_at).toISOString(),
          onLinkedIn: remote !== undefined,
        })),
      }
    } catch (error) {
      return linkedinFailure(reply, error)
    }
  })

  app.post('/api/subscriptions', async (request, reply) => {
    const body = CreateBody.safeParse(request.body)
    if (!body.success) {
      return invalidRequest(reply, body.error.issues)
    }
    const base = options.publicUrl
    const webhook = body.data.webhook ?? (base ? `${base.replace(/\/+$/, '')}${WEBHOOK_PATH}` : undefined)
    if (!webhook) return reply.code(400).send({ error: 'invalid-request', message: 'Set PUBLIC_URL (or send webhook)' })
    try {
      const row = await subscribe(
        store,
        options.subscriptions,
        { webhook, owner: ownerFromUrn(body.data.owner)!, leadType: body.data.leadType, versionedForm: body.data.form },
        clock.now().getTime(),
        options.backfillMs,
      )
      return reply.code(201).send({ id: row.id, webhook: row.webhook, backfill: row.backfill ?? null })
    } catch (error) {
      return linkedinFailure(reply, error)
    }
  })

  app.delete<{ Params: { id: string } }>('/api/subscriptions/:id', async (request, reply) => {
    try {
      await unsubscribe(store, options.subscriptions, request.params.id, clock.now().getTime())
      return reply.code(204).send()
    } catch (error) {
      return linkedinFailure(reply, error)
    }
  })

  app.post('/api/subscriptions/revalidate', async () => ({
    results: await revalidateSubscriptions(store, options.subscriptions, clock.now().getTime()),
  }))

  app.post('/api/backfills', async (request, reply) => {
    const body = z
      .object({
        owner: z.string().refine((urn) => ownerFromUrn(urn) !== undefined, { error: 'must be an owner URN' }),
        leadType: z.enum(['SPONSORED', 'EVENT', 'COMPANY', 'ORGANIZATION_PRODUCT']),
        days: z.number().int().min(1).max(365).default(365),
      })
      .safeParse(request.body)
    if (!body.success) return invalidRequest(reply, body.error.issues)
    const now = clock.now()
    const id = await startPull(
      store,
      {
        kind: 'backfill',
        owner: ownerFromUrn(body.data.owner)!,
        leadType: body.data.leadType,
        since: now.getTime() - body.data.days * 86_400_000,
        until: now.getTime(),
      },
      now,
    )
    return reply.code(202).send({ pull: id })
  })

  app.post('/api/reconcile', async (_request, reply) =>
    reply.code(202).send({ pulls: await reconcileAll(store, clock.now(), options.reconcileWindowMs) }),
  )
}
