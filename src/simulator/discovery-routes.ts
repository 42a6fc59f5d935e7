import type { FastifyPluginAsync } from 'fastify'
import type { Discovery } from './discovery.js'
import { errors, sendError } from './errors.js'
import { paging, projectionOf, withParams } from './lead-sync-routes.js'
import { project } from './projection.js'
import type { RestliRecord } from './restli.js'
import { RestliSyntaxError } from './restli.js'

/**
 * Owner discovery: which ad accounts and organizations the token's member can reach. Sources (stored copies
 * of LinkedIn's Marketing docs, consulted 2026-11):
 * - Ad Account Users API (learn.microsoft.com/…/ads/account-structure/create-and-manage-account-users): the
 *   `authenticatedUser` finder, roles ACCOUNT_BILLING_ADMIN, ACCOUNT_MANAGER, CAMPAIGN_MANAGER,
 *   CREATIVE_MANAGER, VIEWER ("read-only, even with rw_ads scope"); scopes r_ads / rw_ads. Element fields
 *   `account`, `user`, `role` as in LinkedIn's examples; `changeAuditStamps` as third-party clients read it.
 * - Ad Accounts (…/account-structure/create-and-manage-accounts, …/references/v2/ads/adaccounts): `id`,
 *   `name`, `currency`, `type` (BUSINESS|ENTERPRISE), `status`, `test`, `reference`, `servingStatuses`;
 *   the `q=search` finder with `search=(status:(values:List(ACTIVE)),test:false,…)`; count up to 1000.
 * - Organization Access Control by Role (…/community-management/organizations/organization-access-control-by-role):
 *   `/rest/organizationAcls`, `roleAssignee` FINDER, X-Restli-Protocol-Version 2.0.0; elements carry
 *   `roleAssignee`, `organization`, `role`, `state` (APPROVED|REQUESTED|REVOKED), `created`, `lastModified`.
 *   LinkedIn's Lead Sync Postman validates the organization role with `?q=roleAssignee&state=APPROVED`
 *   (LinkedIn Lead Sync permissions, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/lead-sync-usecase).
 * Unconfirmed (the public record is silent): the exact scope the `roleAssignee` finder demands (the simulator
 * accepts r_organization_admin, rw_organization_admin, r_ads or rw_ads); whether `paging.total` is present
 * (it is here, as on the Lead Sync finders); the 403 message text for these resources (the §8 pattern is used).
 */
export const discoveryRoutes: FastifyPluginAsync<{ readonly discovery: Discovery }> = async (app, { discovery }) => {
  const page = <T>(items: readonly T[], params: Parameters<typeof paging>[0]) => {
    const { start, count } = paging(params)
    const projection = projectionOf(params)
    return {
      paging: { start, count, links: [], total: items.length },
      elements: items.slice(start, start + count).map((item) => (projection ? project(item, projection) : item)),
    }
  }

  app.get('/rest/adAccountUsers', (request, reply) =>
    withParams(request, reply, (params) => {
      const q = params.string('q')
      if (q === 'authenticatedUser') return page(discovery.adAccountUsers, params)
      throw new RestliSyntaxError('finder "q" must be authenticatedUser')
    }),
  )

  app.get<{ Params: { id: string } }>('/rest/adAccounts/:id', (request, reply) =>
    withParams(request, reply, (params) => {
      const account = discovery.adAccounts.find((a) => String(a.id) === request.params.id)
      if (!account) return sendError(reply, errors.notFound(`adAccount ${request.params.id} does not exist`))
      const projection = projectionOf(params)
      return projection ? project(account, projection) : account
    }),
  )

  app.get('/rest/adAccounts', (request, reply) =>
    withParams(request, reply, (params) => {
      if (params.string('q') !== 'search') throw new RestliSyntaxError('finder "q" must be search')
      const search = params.has('search') ? params.record('search') : undefined
      const values = (key: string): string[] | undefined => {
        const field = search?.[key]
        if (field === undefined) return undefined
        const list = typeof field === 'object' && !Array.isArray(field) ? (field as RestliRecord).values : undefined
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
          throw new RestliSyntaxError(`"search.${key}" must be (values:List(…))`)
        }
        return list as string[]
      }
      const test = search?.test
      if (test !== undefined && test !== 'true' && test !== 'false')
        throw new RestliSyntaxError('"search.test" must be true or false')
      const [status, type, name, id, reference] = ['status', 'type', 'name', 'id', 'reference'].map(values)
      // Only accounts the member holds a role on, as LinkedIn's search returns for a member token.
      const reachable = new Set(discovery.adAccountUsers.map((u) => u.account))
      const matching = discovery.adAccounts.filter(
        (a) =>
          reachable.has(`urn:li:sponsoredAccount:${a.id}`) &&
          (!status || status.includes(a.status)) &&
          (!type || type.includes(a.type)) &&
          (!name || name.some((n) => a.name.toLowerCase().includes(n.toLowerCase()))) &&
          (!id || id.some((v) => v === String(a.id) || v === `urn:li:sponsoredAccount:${a.id}`)) &&
          (!reference || reference.includes(a.reference)) &&
          (test === undefined || String(a.test) === test),
      )
      return page(matching, params)
    }),
  )

  app.get('/rest/organizationAcls', (request, reply) =>
    withParams(request, reply, (params) => {
      if (params.string('q') !== 'roleAssignee') throw new RestliSyntaxError('finder "q" must be roleAssignee')
      const role = params.string('role')
      const state = params.string('state')
      if (state !== undefined && !['APPROVED', 'REQUESTED', 'REVOKED'].includes(state)) {
        throw new RestliSyntaxError('"state" must be APPROVED, REQUESTED or REVOKED')
      }
      const assignee = params.string('roleAssignee')
      if (assignee !== undefined && assignee !== discovery.member) {
        // Another member's roles are not the caller's to read.
        return sendError(reply, errors.accessDenied('organizationAcls', 'GET', request.linkedinVersion ?? ''))
      }
      const matching = discovery.organizationAcls.filter(
        (acl) => (role === undefined || acl.role === role) && (state === undefined || acl.state === state),
      )
      return page(matching, params)
    }),
  )
}
