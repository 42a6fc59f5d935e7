import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { isOutcomeStage, type OutcomeInput, type Outcomes } from '../../outcomes/index.js'
import { type Acknowledge, acknowledgeLead, verifyAck } from '../../pipeline/index.js'
import type { Store } from '../../store/index.js'
import type { Clock } from '../../util/index.js'
import { verifySlackSignature } from '../../util/index.js'

export interface AckRoutesOptions {
  readonly store: Store
  readonly clock: Clock
  readonly ackKey: () => Promise<Buffer>
  /** Records an acknowledgement with the pipeline's hooks; absent, the acknowledgement alone. */
  readonly acknowledge?: Acknowledge
  readonly slackSigningSecret: string | undefined
  /** Slack user id → team member id. */
  readonly memberForSlackUser: (slackUserId: string) => string | undefined
  /**
   * Buttons of other domains (sequence tasks and drafts: action ids `seq-…`); answers the text shown to the
   * user, or undefined when the action is not theirs.
   */
  readonly slackActions?: (
    action: { readonly actionId: string; readonly value: string },
    by: string,
  ) => Promise<string | undefined>
  /** Records the "Contacted", "Qualified" and "Not a fit" buttons; absent, they are ignored. */
  readonly outcomes?: Outcomes | undefined
}

export const ackRoutes: FastifyPluginAsync<AckRoutesOptions> = async (app, options) => {
  const { store, clock } = options
  const acknowledge = options.acknowledge ?? ((...args) => acknowledgeLead(store, ...args))

  // GET only shows a button: mail scanners and link previews open links, and must not claim a lead.
  app.get<{ Params: { token: string } }>('/ack/:token', async (request, reply) => {
    const check = verifyAck(request.params.token, await options.ackKey(), clock.now().getTime())
    if (!check.ok)
      return page(
        reply,
        check.reason === 'expired' ? 410 : 404,
        'Link not valid',
        check.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.',
      )
    return page(
      reply,
      200,
      'Take this lead?',
      `<form method="post"><button type="submit" style="font-size:1.2em;padding:.5em 1.5em">I'm on it</button></form>`,
    )
  })

  app.post<{ Params: { token: string } }>('/ack/:token', async (request, reply) => {
    const now = clock.now().getTime()
    const check = verifyAck(request.params.token, await options.ackKey(), now)
    if (!check.ok)
      return page(
        reply,
        check.reason === 'expired' ? 410 : 404,
        'Link not valid',
        'This link is not valid or has expired.',
      )
    const by = check.claim.memberId ?? 'someone with the alert link'
    const outcome = await acknowledge(check.claim.leadId, by, now, 'link')
    switch (outcome.kind) {
      case 'acknowledged':
        return page(reply, 200, 'Thanks: the lead is yours', 'Nobody else will be chased about it.')
      case 'already':
        return page(
          reply,
          200,
          'Already taken',
          `${escapeHtml(outcome.by ?? 'Someone')} acknowledged this lead at ${new Date(outcome.at).toISOString()}.`,
        )
      case 'unknown-lead':
        return page(reply, 404, 'Lead not found', 'The lead no longer exists (it may have been deleted).')
    }
  })

  // Slack's interactivity requests are form-encoded; the signature covers the raw bytes.
  app.register(async (slack) => {
    slack.removeAllContentTypeParsers()
    slack.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body))
    slack.post<{ Body: Buffer }>('/slack/interactivity', async (request, reply) => {
      if (!options.slackSigningSecret)
        return reply.code(503).send({ error: 'not-configured', message: 'Set SLACK_SIGNING_SECRET' })
      const now = clock.now().getTime()
      const signed = verifySlackSignature(
        request.body ?? Buffer.alloc(0),
        {
          signature: request.headers['x-slack-signature'] as string | undefined,
          timestamp: request.headers['x-slack-request-timestamp'] as string | undefined,
        },
        options.slackSigningSecret,
        now,
      )
      if (!signed)
        return reply.code(401).send({ error: 'invalid-signature', message: 'X-Slack-Signature does not match' })
      let payload: { user?: { id?: string }; actions?: { action_id?: string; value?: string }[] }
      try {
        payload = JSON.parse(new URLSearchParams(request.body.toString('utf8')).get('payload') ?? '')
      } catch {
        return reply.code(400).send({ error: 'invalid-request', message: 'payload is not JSON' })
      }
      const action = payload.actions?.find((a) => a.action_id === 'ack')
      const slackUser = payload.user?.id ?? ''
      const by = options.memberForSlackUser(slackUser) ?? `slack:${slackUser}`
      const outcomeAction = payload.actions?.find((a) => a.action_id?.startsWith('outcome:'))
      if (outcomeAction?.value && options.outcomes) {
        const text = await slackOutcome(options.outcomes, outcomeAction.action_id ?? '', outcomeAction.value, by)
        return reply.code(200).send({ response_type: 'ephemeral', replace_original: false, text })
      }
      const other = payload.actions?.find((a) => a.action_id?.startsWith('seq-') && a.value)
      if (!action && other && options.slackActions) {
        const answer = await options.slackActions(
          { actionId: other.action_id as string, value: other.value as string },
          by,
        )
        return reply
          .code(200)
          .send(answer ? { response_type: 'ephemeral', replace_original: false, text: answer } : undefined)
      }
      if (!action?.value) return reply.code(200).send()
      const outcome = await acknowledge(action.value, by, now, 'slack')
      const text =
        outcome.kind === 'acknowledged'
          ? `Thanks <@${slackUser}>, the lead is yours.`
          : outcome.kind === 'already'
            ? `Already acknowledged by ${outcome.by}.`
            : 'That lead no longer exists.'
      return reply.code(200).send({ response_type: 'ephemeral', replace_original: false, text })
    })
  })
}

function page(reply: FastifyReply, status: number, title: string, body: string) {
  // An acknowledgement URL is a bearer credential: never framed (clickjacking the button), never sent on
  // as a referrer, never kept by a shared cache.
  return reply
    .code(status)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${body}</p></body></html>`,
    )
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

async function slackOutcome(outcomes: Outcomes, actionId: string, leadId: string, by: string): Promise<string> {
  const stage = actionId.slice('outcome:'.length)
  let input: OutcomeInput
  if (stage === 'disqualified') input = { stage, reason: outcomes.reasons[0] ?? 'not-a-fit' }
  else if (stage === 'contacted' || stage === 'qualified' || stage === 'lost') input = { stage }
  else return isOutcomeStage(stage) ? `Set ${stage} in LeadRelay: it needs details.` : 'Unknown button.'
  const result = await outcomes.record(leadId, input, { by, via: 'slack' })
  switch (result.kind) {
    case 'recorded':
      return `Recorded: ${stage === 'disqualified' ? `not a fit (${input.stage === 'disqualified' ? input.reason : ''})` : stage}.`
    case 'unchanged':
      return `Already ${stage}.`
    case 'unknown-lead':
      return 'That lead no longer exists.'
  }
}
