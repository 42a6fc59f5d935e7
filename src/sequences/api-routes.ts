import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { sequencesRepository } from '../store/index.js'
import { approveDraft, skipStepByHand } from './review-draft.js'
import type { SequenceRuntime } from './runtime.js'
import { sequenceView } from './sequence-view.js'
import { stopSequence } from './stop-sequence.js'
import { completeTask } from './task-step.js'

const leadIdOf = (raw: string) => raw.replace(/^urn:li:leadGenFormResponse:/, '')
const notEnrolled = (id: string) => ({ error: 'not-found', message: `Lead ${id} is not in a sequence` })

const StopBody = z.object({ note: z.string().max(200).optional() }).optional()
const ApproveBody = z
  .object({ subject: z.string().min(1).max(200).optional(), body: z.string().min(1).max(10_000).optional() })
  .optional()
const DoneBody = z.object({ outcome: z.string().min(1).max(60) })

/** The JSON API for sequences (behind the API token, like the rest of `/api`). */
export const sequencesApiRoutes: FastifyPluginAsync<{ rt: SequenceRuntime }> = async (app, { rt }) => {
  const db = rt.store.db

  app.get<{ Params: { id: string } }>('/api/leads/:id/sequence', async (request, reply) => {
    const id = leadIdOf(request.params.id)
    const enrolment = await sequencesRepository.getEnrolmentByLead(db, id)
    if (!enrolment) return reply.code(404).send(notEnrolled(id))
    return sequenceView(enrolment, await sequencesRepository.getSteps(db, enrolment.id))
  })

  app.post<{ Params: { id: string }; Body: unknown }>('/api/leads/:id/sequence/stop', async (request, reply) => {
    const id = leadIdOf(request.params.id)
    const body = StopBody.safeParse(request.body ?? undefined)
    if (!body.success)
      return reply.code(400).send({ error: 'invalid-request', message: 'note: at most 200 characters' })
    const result = await stopSequence(
      rt.store,
      id,
      'manual',
      rt.clock.now().getTime(),
      body.data?.note ?? 'via the API',
    )
    if (result === 'not-enrolled') return reply.code(404).send(notEnrolled(id))
    return { stopped: result === 'stopped', state: result === 'stopped' ? 'stopped' : 'already ended' }
  })

  app.post<{ Params: { id: string; step: string }; Body: unknown }>(
    '/api/leads/:id/sequence/steps/:step/approve',
    async (request, reply) => {
      const body = ApproveBody.safeParse(request.body ?? undefined)
      if (!body.success)
        return reply.code(400).send({ error: 'invalid-request', message: body.error.issues[0]?.message })
      const result = await approveDraft(rt, leadIdOf(request.params.id), request.params.step, body.data ?? {}, 'api')
      return answer(reply, result)
    },
  )

  app.post<{ Params: { id: string; step: string } }>(
    '/api/leads/:id/sequence/steps/:step/skip',
    async (request, reply) =>
      answer(reply, await skipStepByHand(rt, leadIdOf(request.params.id), request.params.step, 'api')),
  )

  app.post<{ Params: { id: string; step: string }; Body: unknown }>(
    '/api/leads/:id/sequence/steps/:step/done',
    async (request, reply) => {
      const body = DoneBody.safeParse(request.body)
      if (!body.success) return reply.code(400).send({ error: 'invalid-request', message: 'outcome: required' })
      const result = await completeTask(rt, leadIdOf(request.params.id), request.params.step, body.data.outcome, 'api')
      if (result.kind === 'bad-outcome')
        return reply
          .code(400)
          .send({ error: 'invalid-request', message: `outcome must be one of: ${result.allowed.join(', ')}` })
      if (result.kind === 'done') return { done: true, started: result.started ?? null }
      return answer(reply, result.kind)
    },
  )

  app.get('/api/sequences', async () => {
    const counts = await sequencesRepository.sequenceCounts(db)
    return {
      sequences: [...rt.sequences.values()].map((s) => {
        const c = counts.get(s.name) ?? { enrolled: 0, active: 0, replied: 0, unsubscribed: 0, bounced: 0 }
        return { name: s.name, ...c, replyRate: c.enrolled > 0 ? c.replied / c.enrolled : 0 }
      }),
    }
  })

  app.get<{ Querystring: { limit?: string } }>('/api/inbox', async (request) => {
    const limit = Math.min(Math.max(Number(request.query.limit) || 50, 1), 500)
    const rows = await sequencesRepository.listReplies(db, { limit })
    return {
      replies: rows.map((r) => ({
        leadId: r.lead_id,
        sequence: r.sequence,
        owner: r.owner_id,
        kind: r.kind,
        from: r.from_address,
        subject: r.subject,
        snippet: r.snippet,
        receivedAt: new Date(Number(r.received_at)).toISOString(),
      })),
    }
  })
}

function answer(
  reply: { code(status: number): { send(body: unknown): unknown } },
  result: 'approved' | 'skipped' | 'not-found' | 'not-open',
) {
  if (result === 'not-found') return reply.code(404).send({ error: 'not-found', message: 'No such sequence step' })
  if (result === 'not-open')
    return reply.code(409).send({ error: 'conflict', message: 'That step is not waiting for this any more' })
  return { [result]: true }
}
