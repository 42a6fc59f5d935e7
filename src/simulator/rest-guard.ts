import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Clock } from '../util/index.js'
import { errors, sendError } from './errors.js'
import type { Fault, Faults } from './faults.js'
import type { TokenIssuer } from './oauth.js'

/** LinkedIn keeps a version for at least 12 months after its release (LinkedIn Marketing API Versioning, learn.microsoft.com/en-us/linkedin/marketing/versioning). */
export const VERSION_LIFETIME_MONTHS = 12

/** `202601` or `202601.01` → `20260101` when active on `now`; undefined when not. */
export function activeVersion(header: string, now: Date): string | undefined {
  const match = /^(\d{4})(\d{2})(?:\.(\d{2}))?$/.exec(header.trim())
  if (!match) return undefined
  const months = Number(match[1]) * 12 + Number(match[2]) - 1
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth()
  if (Number(match[2]) < 1 || Number(match[2]) > 12) return undefined
  if (months > current || months <= current - VERSION_LIFETIME_MONTHS) return undefined
  return `${match[1]}${match[2]}01`
}

/** The version string LinkedIn prints in errors: what was asked for, padded to a day when it was a month. */
const printedVersion = (header: string) => (/^\d{6}$/.test(header) ? `${header}01` : header)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Answers with the fault and returns true, or (slow) waits and returns false so the call proceeds. */
export async function applyFault(
  fault: Fault,
  reply: FastifyReply,
  resource: string,
  method: string,
): Promise<boolean> {
  switch (fault.kind) {
    case 'slow':
      await sleep(fault.delayMs)
      return false
    case '429':
      await sendError(reply, errors.throttled())
      return true
    case '429-retry-after':
      await sendError(reply, errors.throttled(), { 'retry-after': String(fault.retryAfterSeconds) })
      return true
    case '500':
      await sendError(reply, errors.serverError())
      return true
    case '401-expired':
      await sendError(reply, errors.expiredToken())
      return true
    case '403':
      await sendError(reply, errors.accessDenied(resource, method, 'NO_VERSION'))
      return true
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    linkedinVersion?: string
  }
}

const LEAD_SYNC_SCOPE = ['r_marketing_leadgen_automation']
/**
 * Any one of these scopes opens the resource; Lead Sync resources need r_marketing_leadgen_automation
 * (LinkedIn Lead Sync permissions, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/lead-sync-usecase). Ad account discovery needs r_ads or rw_ads (Ad Account Users API). Which scope the
 * organizationAcls roleAssignee finder demands is not stated publicly; the organization and ads scopes pass.
 */
export const REQUIRED_SCOPES: Readonly<Record<string, readonly string[]>> = {
  adAccountUsers: ['r_ads', 'rw_ads'],
  adAccounts: ['r_ads', 'rw_ads'],
  organizationAcls: ['r_organization_admin', 'rw_organization_admin', 'r_ads', 'rw_ads'],
  // Conversions API: rw_conversions (learn.microsoft.com …/ads-reporting/conversions-api, Permissions).
  conversions: ['rw_conversions'],
  conversionEvents: ['rw_conversions'],
}

export const resourceOf = (url: string) => /^\/(?:rest|oauth\/v2|v2)\/([^/?]+)/.exec(url)?.[1] ?? ''

/**
 * Every `/rest` call: faults first (they stand for LinkedIn's own trouble), then the bearer token, the
 * LinkedIn-Version header (426 when not active), the Rest.li protocol header, and the resource's scope.
 */
export function createRestGuard(deps: {
  readonly clock: Clock
  readonly tokens: TokenIssuer
  readonly faults: Faults
}) {
  return async function restGuard(request: FastifyRequest, reply: FastifyReply) {
    const resource = resourceOf(request.url)
    const fault = deps.faults.take(resource)
    if (fault && (await applyFault(fault, reply, resource, request.method))) return reply

    const authorization = request.headers.authorization ?? ''
    const token = /^Bearer\s+(.*)$/i.exec(authorization)?.[1]?.trim() ?? ''
    if (token === '') return sendError(reply, errors.emptyToken())
    const checked = deps.tokens.check(token)
    if (checked.status === 'unknown') return sendError(reply, errors.invalidToken())
    if (checked.status === 'expired') return sendError(reply, errors.expiredToken())
    if (checked.status === 'revoked') return sendError(reply, errors.revokedToken())

    // The unversioned `/v2` APIs (developerWebhooks) predate LinkedIn-Version and ignore the header.
    const unversioned = request.url.startsWith('/v2/')
    const header = request.headers['linkedin-version']
    if (!unversioned && (typeof header !== 'string' || header.trim() === ''))
      return sendError(reply, errors.versionMissing())
    const version = unversioned ? 'NO_VERSION' : activeVersion(String(header), deps.clock.now())
    if (!version) return sendError(reply, errors.nonexistentVersion(printedVersion(String(header).trim())))
    request.linkedinVersion = version

    if (request.headers['x-restli-protocol-version'] !== '2.0.0') {
      return sendError(reply, errors.badRequest('X-Restli-Protocol-Version: 2.0.0 is required by this API'))
    }
    const granted = checked.scope.split(/[ ,]/)
    if (!(REQUIRED_SCOPES[resource] ?? LEAD_SYNC_SCOPE).some((scope) => granted.includes(scope))) {
      return sendError(reply, errors.accessDenied(resource, request.method, version))
    }
    return undefined
  }
}
