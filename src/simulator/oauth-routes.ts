import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { Faults } from './faults.js'
import { LEAD_SYNC_SCOPES, type TokenIssuer } from './oauth.js'
import { applyFault, resourceOf } from './rest-guard.js'

export interface OAuthRouteDeps {
  readonly clientId: string
  readonly clientSecret: string
  readonly tokens: TokenIssuer
  readonly faults: Faults
}

const INVALID_GRANT = 'The provided authorization grant or refresh token is invalid, expired or revoked'

const oauthError = (reply: FastifyReply, status: number, error: string, description: string) =>
  reply.code(status).send({ error, error_description: description })

/** LinkedIn OAuth, learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow, /programmatic-refresh-tokens and /token-introspection: the authorization redirect, both token grants, and token introspection. */
export const oauthRoutes: FastifyPluginAsync<OAuthRouteDeps> = async (app, deps) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  )
  app.addHook('onRequest', async (request, reply) => {
    const fault = deps.faults.take(resourceOf(request.url))
    if (fault && (await applyFault(fault, reply, resourceOf(request.url), request.method))) return reply
    return undefined
  })

  // The member is taken to have granted access already: LinkedIn, too, skips the consent screen when
  // the scopes were granted before, and tests can then follow the redirect without a browser.
  app.get<{ Querystring: Record<string, string | undefined> }>('/oauth/v2/authorization', async (request, reply) => {
    const { response_type, client_id, redirect_uri, state, scope } = request.query
    if (client_id !== deps.clientId) return oauthError(reply, 400, 'invalid_request', 'Unknown client_id')
    if (!redirect_uri || !URL.canParse(redirect_uri)) {
      return oauthError(reply, 400, 'invalid_request', 'A required parameter "redirect_uri" is missing')
    }
    const target = new URL(redirect_uri)
    if (state !== undefined) target.searchParams.set('state', state)
    if (response_type !== 'code') {
      target.searchParams.set('error', 'unsupported_response_type')
      return reply.redirect(target.toString(), 302)
    }
    const granted = (scope ?? LEAD_SYNC_SCOPES).split(/[ ,]+/).filter(Boolean).join(',')
    target.searchParams.set('code', deps.tokens.createCode(client_id, redirect_uri, granted))
    return reply.redirect(target.toString(), 302)
  })

  app.post<{ Body: Record<string, string | undefined> | undefined }>(
    '/oauth/v2/accessToken',
    async (request, reply) => {
      const form = request.body ?? {}
      const required = form.grant_type === 'refresh_token' ? ['refresh_token'] : ['code', 'redirect_uri']
      for (const name of ['grant_type', 'client_id', 'client_secret', ...required]) {
        if (!form[name]) return oauthError(reply, 400, 'invalid_request', `A required parameter "${name}" is missing`)
      }
      if (form.client_id !== deps.clientId || form.client_secret !== deps.clientSecret) {
        return oauthError(reply, 401, 'invalid_client', 'Client authentication failed')
      }
      const result =
        form.grant_type === 'authorization_code'
          ? deps.tokens.exchangeCode(form.code as string, deps.clientId, form.redirect_uri as string)
          : form.grant_type === 'refresh_token'
            ? deps.tokens.refresh(form.refresh_token as string, deps.clientId)
            : undefined
      if (!result)
        return oauthError(reply, 400, 'unsupported_grant_type', `grant_type ${form.grant_type} is not supported`)
      if (!result.ok) return oauthError(reply, 400, 'invalid_request', INVALID_GRANT)
      request.log.info({ grantType: form.grant_type }, 'access token issued')
      return result.grant
    },
  )

  app.post<{ Body: Record<string, string | undefined> | undefined }>(
    '/oauth/v2/introspectToken',
    async (request, reply) => {
      const { client_id, client_secret, token } = request.body ?? {}
      if (client_id !== deps.clientId) return oauthError(reply, 400, 'invalid_request', 'Invalid client id')
      if (client_secret !== deps.clientSecret) return oauthError(reply, 401, 'invalid_client', 'Invalid client secret')
      const introspection = token ? deps.tokens.introspect(token, client_id) : undefined
      if (!introspection) return oauthError(reply, 400, 'invalid_request', 'Invalid token')
      return introspection
    },
  )
}
