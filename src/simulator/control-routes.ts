import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { FaultSpec, type Faults } from './faults.js'
import type { SeededOwners } from './forms.js'
import { type LeadActions, MAX_HISTORY_DAYS, UnknownFormError } from './lead-actions.js'
import type { LeadStore } from './lead-store.js'
import type { LeadStream } from './lead-stream.js'
import type { TokenIssuer } from './oauth.js'
import type { Subscriptions } from './subscriptions.js'
import type { WebhookSender } from './webhook-sender.js'

export interface ControlDeps {
  readonly actions: LeadActions
  readonly store: LeadStore
  readonly subscriptions: Subscriptions
  readonly sender: WebhookSender
  readonly faults: Faults
  readonly tokens: TokenIssuer
  readonly stream: LeadStream
  readonly tick: () => Promise<void>
  readonly owners: SeededOwners
}

const SubmitBody = z
  .object({
    formId: z.number().int().positive().optional(),
    versionId: z.number().int().positive().optional(),
    answers: z.record(z.string(), z.union([z.string(), z.array(z.number().int().min(0))])).optional(),
    testLead: z.boolean().optional(),
    duplicates: z.number().int().min(0).max(10).optional(),
    withhold: z.boolean().optional(),
  })
  .strict()

export const MAX_HISTORY_COUNT = 100_000

const HistoryBody = z
  .object({
    count: z.number().int().min(1).max(MAX_HISTORY_COUNT),
    days: z.number().gt(0).max(MAX_HISTORY_DAYS),
    formId: z.number().int().positive().optional(),
    testShare: z.number().min(0).max(1).optional(),
  })
  .strict()

const ExpireBody = z
  .object({
    refreshToken: z.string().min(1).optional(),
    refreshExpiresInSeconds: z.number().int().min(0).optional(),
    accessExpiresInSeconds: z.number().int().min(0).optional(),
  })
  .strict()

const problem = (issues: readonly z.core.$ZodIssue[]) => ({
  error: 'invalid-request',
  message: issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
})

/** `/simulator/*`: what a member, LinkedIn's operators or a test does to the simulated world. Local use only. */
export const controlRoutes: FastifyPluginAsync<ControlDeps> = async (app, deps) => {
  app.get('/simulator', async () => ({
    ...deps.owners,
    forms: [...deps.store.forms.entries()].map(([id, form]) => ({
      id,
      name: form.versions.at(-1)?.name,
      leadType: form.leadType,
      owner: form.versions.at(-1)?.owner,
      versions: form.versions.map((v) => v.versionId),
      locale: form.versions.at(-1)?.creationLocale,
    })),
    leads: deps.store.leads().length,
    subscriptions: deps.subscriptions.list(),
    webhooks: deps.sender.webhooks(),
    rate: deps.stream.rate(),
  }))

  app.post('/simulator/leads', async (request, reply) => {
    const body = SubmitBody.safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    try {
      const { lead, deliveries } = await deps.actions.submit(body.data)
      return reply.code(201).send({
        id: lead.id,
        leadGenFormResponse: `urn:li:leadGenFormResponse:${lead.id}`,
        leadType: lead.leadType,
        owner: lead.owner,
        versionedLeadGenFormUrn: lead.versionedLeadGenFormUrn,
        testLead: lead.testLead,
        submittedAt: lead.submittedAt,
        withheld: body.data.withhold ?? false,
        deliveries,
      })
    } catch (error) {
      if (error instanceof UnknownFormError) return reply.code(404).send({ error: 'not-found', message: error.message })
      throw error
    }
  })

  // Past leads for backfill tests: stored, spread evenly over the window, never pushed.
  app.post('/simulator/leads/history', async (request, reply) => {
    const body = HistoryBody.safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    try {
      return reply.code(201).send(deps.actions.seedHistory(body.data))
    } catch (error) {
      if (error instanceof UnknownFormError) return reply.code(404).send({ error: 'not-found', message: error.message })
      throw error
    }
  })

  app.delete<{ Params: { id: string }; Querystring: { duplicates?: string } }>(
    '/simulator/leads/:id',
    async (request, reply) => {
      const duplicates = request.query.duplicates ? Number(request.query.duplicates) : undefined
      const deliveries = await deps.actions.remove(request.params.id, duplicates)
      if (!deliveries) return reply.code(404).send({ error: 'not-found', message: `No lead ${request.params.id}` })
      return { id: request.params.id, deliveries }
    },
  )

  app.post('/simulator/faults', async (request, reply) => {
    const body = FaultSpec.safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    return reply.code(201).send(deps.faults.add(body.data))
  })
  app.get('/simulator/faults', async () => ({ faults: deps.faults.list() }))
  app.delete('/simulator/faults', async (_request, reply) => {
    deps.faults.clear()
    return reply.code(204).send()
  })

  app.get<{ Querystring: { kind?: string; webhook?: string; limit?: string } }>(
    '/simulator/deliveries',
    async (request) => {
      const { kind, webhook } = request.query
      const limit = Math.max(1, Math.min(10_000, Number(request.query.limit) || 1000))
      const deliveries = deps.sender
        .deliveries()
        .filter((d) => (!kind || d.kind === kind) && (!webhook || d.webhook === webhook))
      return { deliveries: deliveries.slice(-limit), pendingRetries: deps.sender.pendingRetries() }
    },
  )

  const webhookState = () => ({
    webhooks: deps.sender.webhooks(),
    challengesPaused: deps.sender.challengesPaused(),
    dropsPending: deps.sender.dropsPending(),
  })
  app.get('/simulator/webhooks', async () => webhookState())
  // A webhook LinkedIn never delivers: the next `count` notification POSTs are dropped, not retried.
  app.post('/simulator/webhooks/drop', async (request, reply) => {
    const body = z
      .object({ count: z.number().int().min(0).max(100_000) })
      .strict()
      .safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    deps.sender.dropNext(body.data.count)
    return webhookState()
  })
  // LinkedIn going quiet: no re-validation challenges until resumed (due ones then run at the next tick).
  app.post('/simulator/webhooks/pause-challenges', async () => {
    deps.sender.pauseChallenges(true)
    return webhookState()
  })
  app.post('/simulator/webhooks/resume-challenges', async () => {
    deps.sender.pauseChallenges(false)
    return webhookState()
  })
  // The developer portal's "validate again" action; the only way out of BLOCKED besides re-subscribing.
  app.post('/simulator/webhooks/revalidate', async (request, reply) => {
    const body = z.object({ webhook: z.string().min(1) }).safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    if (!deps.sender.webhook(body.data.webhook)) {
      return reply.code(404).send({ error: 'not-found', message: 'No subscription uses this webhook' })
    }
    const result = await deps.sender.validate(body.data.webhook, 'manual')
    return { webhook: body.data.webhook, passed: result.ok, status: result.status, error: result.error ?? null }
  })

  app.post('/simulator/tick', async () => {
    await deps.tick()
    return { webhooks: deps.sender.webhooks(), pendingRetries: deps.sender.pendingRetries() }
  })

  app.post('/simulator/tokens/revoke', async (request, reply) => {
    const body = z.object({ token: z.string().min(1) }).safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    return deps.tokens.revoke(body.data.token) ? reply.code(204).send() : reply.code(404).send({ error: 'not-found' })
  })

  app.post('/simulator/tokens/expire', async (request, reply) => {
    const body = ExpireBody.safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    const result = deps.tokens.setExpiry(body.data)
    if (!result) return reply.code(404).send({ error: 'not-found', message: 'No such refresh token' })
    return result
  })

  app.post('/simulator/stream', async (request, reply) => {
    const body = z
      .object({
        rate: z.number().min(0).max(10_000).optional(),
        burst: z.number().int().min(1).max(100_000).optional(),
      })
      .safeParse(request.body ?? {})
    if (!body.success) return reply.code(400).send(problem(body.error.issues))
    if (body.data.rate !== undefined) deps.stream.setRate(body.data.rate)
    const burst = body.data.burst ? await deps.stream.burst(body.data.burst) : undefined
    return { rate: deps.stream.rate(), burst: burst ?? null }
  })
}
