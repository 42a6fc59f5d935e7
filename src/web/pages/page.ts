import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { NavEntry, WebDeps } from '../context.js'

/**
 * One dashboard page (or group of routes): its plugin gets every `WebDeps` as options and runs inside
 * the signed-in scope, so `request.web` (user, CSRF token, nav) is always set and every non-GET request
 * has already passed the CSRF check. `nav` adds a link to the top bar.
 */
export interface WebPage {
  readonly nav?: NavEntry
  readonly routes: FastifyPluginAsync<WebDeps>
}

/** Sends rendered TSX (a string or a promise of one) as an HTML page. */
export async function sendHtml(reply: FastifyReply, html: string | Promise<string>, status = 200) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(await html)
}
