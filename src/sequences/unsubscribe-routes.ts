import type { FastifyPluginAsync } from 'fastify'
import { leadsRepository, sequencesRepository } from '../store/index.js'
import type { SequenceRuntime } from './runtime.js'
import { verifyUnsubscribeToken } from './sequence-tokens.js'
import { stopInTransaction } from './stop-sequence.js'

const page = (title: string, text: string, form = '') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto"><h1>${title}</h1><p>${text}</p>${form}</body></html>`

/**
 * The unsubscribe link in every sequence e-mail. GET shows a button (link scanners must not unsubscribe
 * anyone); POST unsubscribes at once, which is also RFC 8058's one-click POST (`List-Unsubscribe=One-Click`).
 */
export const unsubscribeRoutes: FastifyPluginAsync<{ rt: SequenceRuntime }> = async (app, { rt }) => {
  // Mail providers POST a form body; what it says does not matter, the token does.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 1024 },
    (_r, body, done) => done(null, body),
  )

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const id = verifyUnsubscribeToken(request.params.token, await rt.key())
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
    if (id === undefined) return reply.code(404).send(page('Link not valid', 'This unsubscribe link is not valid.'))
    return page(
      'Unsubscribe',
      'Stop receiving these e-mails?',
      `<form method="post"><button type="submit">Unsubscribe</button></form>`,
    )
  })

  app.post<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const id = verifyUnsubscribeToken(request.params.token, await rt.key())
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store')
    if (id === undefined) return reply.code(404).send(page('Link not valid', 'This unsubscribe link is not valid.'))
    const at = rt.clock.now().getTime()
    await rt.store.db.transaction().execute(async (trx) => {
      const enrolment = await sequencesRepository.getEnrolment(trx, id)
      if (!enrolment) return
      if (enrolment.lead_email) await sequencesRepository.suppress(trx, enrolment.lead_email, 'unsubscribed', at)
      const stopped = await stopInTransaction(trx, enrolment.lead_id, 'unsubscribed', at, 'unsubscribe link')
      if (stopped !== 'stopped')
        await leadsRepository.addTimeline(
          trx,
          enrolment.lead_id,
          'unsubscribed',
          at,
          'unsubscribe link (sequence had ended)',
        )
    })
    return page('Unsubscribed', 'You will not receive these e-mails any more.')
  })
}
