import type { FastifyPluginAsync } from 'fastify'
import { challengeResponse, isChallengeCode } from '../../linkedin/index.js'
import type { ReceiveNotification, ReceiveResult } from '../../pipeline/index.js'
import type { FailureLimit } from '../address-guard.js'
import type { Metrics } from '../metrics.js'

export const WEBHOOK_PATH = '/webhooks/linkedin'
export const WEBHOOK_BODY_LIMIT = 64 * 1024

// LinkedIn marks a webhook as failing on any non-2xx, so a duplicate and a quarantined body still get
// 2xx: both prove we hold what was sent. 503 asks LinkedIn to try again later.
const STATUS = {
  accepted: 200,
  duplicate: 200,
  quarantined: 202,
  'bad-signature': 401,
  unavailable: 503,
  'not-configured': 503,
} as const satisfies Record<ReceiveResult['kind'], number>

const SIGNATURE_MESSAGES = {
  missing: 'X-LI-Signature header is missing',
  malformed: 'X-LI-Signature is not a hex HMAC-SHA256 digest',
  mismatch: 'X-LI-Signature does not match the body',
} as const

export interface LinkedInWebhookOptions {
  readonly receive: ReceiveNotification
  /** The current client secret: challenges are answered with it alone. */
  readonly clientSecret: string | undefined
  readonly metrics: Metrics
  /** Told of every challenge once its answer has gone out: the challenge path itself does no I/O. */
  readonly onChallenge?: (outcome: ChallengeOutcome) => void
  /**
   * Told of every rejected signature on a body shaped like a LinkedIn notification, once answered: a
   * burst of those with no correctly signed one between usually means a rotated client secret.
   */
  readonly onBadSignature?: () => void
  /** Told of every correctly signed notification stored (or a duplicate). */
  readonly onAccepted?: () => void
  /** When set, only these addresses reach the webhook (403 for others). */
  readonly allowAddress?: (address: string) => boolean
  /** Addresses past their bad signatures a minute get 429; correctly signed notifications never do. */
  readonly badSignatures: FailureLimit
  readonly now: () => number
}

export type ChallengeOutcome = 'answered' | 'refused' | 'not-configured'

declare module 'fastify' {
  interface FastifyRequest {
    challengeOutcome?: ChallengeOutcome
    badSignature?: boolean
    signedOk?: boolean
  }
}

export const linkedinWebhookRoutes: FastifyPluginAsync<LinkedInWebhookOptions> = async (app, options) => {
  const { receive, clientSecret, metrics } = options
  app.decorateRequest('challengeOutcome', undefined)
  app.decorateRequest('badSignature', false)
  app.decorateRequest('signedOk', false)
  if (options.allowAddress) {
    const allow = options.allowAddress
    app.addHook('onRequest', async (request, reply) => {
      if (!allow(request.ip))
        return reply.code(403).send({ error: 'forbidden', message: 'This address may not call the webhook' })
    })
  }
  app.addHook('onResponse', async (request) => {
    if (request.challengeOutcome) options.onChallenge?.(request.challengeOutcome)
    if (request.badSignature) options.onBadSignature?.()
    if (request.signedOk) options.onAccepted?.()
  })

  // The signature covers the exact bytes LinkedIn sent, so this scope (and only this scope) keeps bodies
  // raw, whatever the content type.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_req, body, done) =>
    done(null, body),
  )

  app.get<{ Querystring: { challengeCode?: string } }>(WEBHOOK_PATH, async (request, reply) => {
    if (!clientSecret) {
      return reply
        .code(503)
        .send({ error: 'not-configured', message: 'Set LINKEDIN_CLIENT_SECRET to answer challenges' })
    }
    const code = request.query.challengeCode
    if (!isChallengeCode(code)) {
      return reply
        .code(400)
        .send({ error: 'invalid-challenge', message: 'challengeCode must be the UUID LinkedIn sends' })
    }
    // LinkedIn documents the content-type as exactly "application/json"; a Buffer keeps Fastify from
    // appending a charset.
    const answer = JSON.stringify({ challengeCode: code, challengeResponse: challengeResponse(code, clientSecret) })
    request.challengeOutcome = 'answered'
    return reply.code(200).header('content-type', 'application/json').send(Buffer.from(answer))
  })

  app.post<{ Body: Buffer | undefined }>(WEBHOOK_PATH, async (request, reply) => {
    const started = process.hrtime.bigint()
    const result = await receive({
      rawBody: request.body ?? Buffer.alloc(0),
      signature: request.headers['x-li-signature'],
    })
    metrics.notifications.inc({ outcome: result.kind })
    const status = STATUS[result.kind]
    if (result.kind === 'accepted' || result.kind === 'duplicate') {
      metrics.signatureVariants.inc({ variant: result.variant })
      request.signedOk = true
      metrics.ackSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9)
      return reply.code(status).header('content-type', 'application/json').send(`{"status":"${result.kind}"}`)
    }
    switch (result.kind) {
      case 'quarantined':
        request.log.warn({ eventId: result.eventId, reason: result.reason }, 'signed notification quarantined')
        return reply.code(status).send({ status: 'quarantined', reason: result.reason })
      case 'bad-signature': {
        const now = options.now()
        if (options.badSignatures.blocked(request.ip, now)) {
          return reply
            .code(429)
            .header('retry-after', String(options.badSignatures.retryAfterSeconds(request.ip, now)))
            .send({ error: 'too-many-bad-signatures', message: 'Too many requests with a bad X-LI-Signature' })
        }
        options.badSignatures.record(request.ip, now)
        request.badSignature = result.shaped
        request.log.warn({ reason: result.reason }, 'notification rejected: bad signature')
        return reply.code(status).send({ error: 'invalid-signature', message: SIGNATURE_MESSAGES[result.reason] })
      }
      case 'unavailable':
        request.log.error({ reason: result.reason }, 'notification not stored: store unavailable')
        return reply.code(status).header('retry-after', '1').send({ error: 'unavailable', message: 'Try again later' })
      case 'not-configured':
        return reply
          .code(status)
          .send({ error: 'not-configured', message: 'Set LINKEDIN_CLIENT_SECRET to receive notifications' })
    }
  })

  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    app.route({
      method,
      url: WEBHOOK_PATH,
      handler: async (_request, reply) =>
        reply.code(405).header('allow', 'GET, POST').send({ error: 'method-not-allowed', message: 'Use GET or POST' }),
    })
  }
}
