import type { FastifyPluginAsync } from 'fastify'
import type { WebDeps } from './context.js'

// Proxies close idle connections (often at 60 s); a comment line every 25 s keeps the stream open.
const HEARTBEAT_MS = 25_000

/**
 * `GET /live?since=<timeline id>`: server-sent events for the open page. `leads` when any lead changed
 * (the Leads page re-reads its first page, through the same role filter), `lead-<id>` for that lead's page.
 * Events carry no lead data, so a rep's stream reveals nothing their own pages would not.
 */
export const liveRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  app.get<{ Querystring: { since?: string } }>('/live', async (request, reply) => {
    const since = Number(request.query.since)
    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    raw.write('retry: 3000\n\n')
    const unsubscribe = deps.live.subscribe(
      (change) => {
        let text = 'event: leads\ndata: changed\n\n'
        for (const id of change.leadIds) text += `event: lead-${id}\ndata: changed\n\n`
        raw.write(text)
      },
      Number.isSafeInteger(since) && since >= 0 ? since : undefined,
    )
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS)
    const close = () => {
      clearInterval(heartbeat)
      unsubscribe()
    }
    request.raw.on('close', close)
    raw.on('error', close)
  })
}
