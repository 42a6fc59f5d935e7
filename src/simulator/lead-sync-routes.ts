import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { errors, sendError } from './errors.js'
import type { LeadStore } from './lead-store.js'
import type { LeadFormResponse } from './linkedin-types.js'
import { leadTypeFrom, ownerFrom, pairingProblem, sameOwner } from './owner-params.js'
import { type Projection, parseProjection, project } from './projection.js'
import { createParams, type RestliParams, RestliSyntaxError } from './restli.js'

const VERSIONED_FORM_URN = /^urn:li:versionedLeadGenForm:\(urn:li:leadGenForm:(\d+),(\d+)\)$/
// Code in the wild pages with up to 1000; LinkedIn does not publish a maximum (LinkedIn Pagination, learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination).
export const MAX_COUNT = 1000

const rawQuery = (request: FastifyRequest) => {
  const at = request.url.indexOf('?')
  return at === -1 ? '' : request.url.slice(at + 1)
}

/** Runs a handler over decoded Rest.li parameters; malformed ones become LinkedIn's 400. */
export async function withParams(
  request: FastifyRequest,
  reply: FastifyReply,
  handle: (params: RestliParams) => unknown,
) {
  try {
    return await handle(createParams(rawQuery(request)))
  } catch (error) {
    if (error instanceof RestliSyntaxError) return sendError(reply, errors.badRequest(error.message))
    throw error
  }
}

export const projectionOf = (params: RestliParams) => {
  const text = params.fields()
  return text === undefined ? undefined : parseProjection(text)
}

export function paging(params: RestliParams) {
  return { start: params.integer('start', 0), count: params.integer('count', 10, MAX_COUNT) }
}

export const leadSyncRoutes: FastifyPluginAsync<{ readonly store: LeadStore }> = async (app, { store }) => {
  /** Decorations (`*Info`) and `form` exist only when projected, as on LinkedIn. Their shapes are unconfirmed. */
  function render(lead: LeadFormResponse, projection: Projection | undefined) {
    if (!projection) return lead
    const [, formId, versionId] = VERSIONED_FORM_URN.exec(lead.versionedLeadGenFormUrn) ?? []
    const creative = lead.associatedEntity?.associatedCreative
    const campaign = lead.leadMetadata?.sponsoredLeadMetadata.campaign
    const decorated = {
      ...lead,
      form: store.formVersion(Number(formId), Number(versionId)),
      ownerInfo: { name: store.ownerName(lead.owner) },
      ...(creative
        ? { associatedEntityInfo: { associatedCreativeInfo: { name: `Creative ${creative.split(':').at(-1)}` } } }
        : {}),
      ...(campaign
        ? {
            leadMetadataInfo: {
              sponsoredLeadMetadataInfo: {
                campaign: { id: campaign, name: 'Lead gen campaign', type: 'SPONSORED_UPDATES' },
              },
            },
          }
        : {}),
    }
    return project(decorated, projection)
  }

  app.get('/rest/leadFormResponses', (request, reply) =>
    withParams(request, reply, (params) => {
      if (params.string('q') !== 'owner') throw new RestliSyntaxError('finder "q" must be owner')
      const owner = ownerFrom(params.record('owner'))
      const leadType = leadTypeFrom(params.record('leadType'), true)
      if (!leadType) throw new RestliSyntaxError('parameter "leadType" is required')
      const mismatch = pairingProblem(owner, leadType)
      if (mismatch) throw new RestliSyntaxError(mismatch)
      if (!store.ownerName(owner))
        return sendError(reply, errors.accessDenied('leadFormResponses', 'GET', request.linkedinVersion ?? ''))
      const formUrn = params.string('versionedLeadGenFormUrn')
      if (formUrn !== undefined && !VERSIONED_FORM_URN.test(formUrn)) {
        throw new RestliSyntaxError(`"versionedLeadGenFormUrn" is not a versioned form URN: ${formUrn}`)
      }
      const testOnly = params.boolean('limitedToTestLeads') ?? false
      const range = params.record('submittedAtTimeRange')
      const from = range?.start
      const to = range?.end
      if (
        range &&
        (typeof from !== 'string' ||
          !/^\d+$/.test(from) ||
          (to !== undefined && (typeof to !== 'string' || !/^\d+$/.test(to))))
      ) {
        throw new RestliSyntaxError(
          '"submittedAtTimeRange" must be (start:{epochMs}) or (start:{epochMs},end:{epochMs})',
        )
      }
      const { start, count } = paging(params)
      const projection = projectionOf(params)
      // The window is [start, end): consecutive windows neither miss nor repeat a lead.
      const matching = store
        .leadsOf(owner, leadType)
        .filter(
          (lead) =>
            lead.testLead === testOnly &&
            (formUrn === undefined || lead.versionedLeadGenFormUrn === formUrn) &&
            (from === undefined || lead.submittedAt >= Number(from)) &&
            (to === undefined || lead.submittedAt < Number(to)),
        )
      return {
        paging: { start, count, links: [], total: matching.length },
        elements: matching.slice(start, start + count).map((lead) => render(lead, projection)),
      }
    }),
  )

  app.get<{ Params: { id: string } }>('/rest/leadFormResponses/:id', (request, reply) =>
    withParams(request, reply, (params) => {
      const projection = projectionOf(params)
      const lead = store.lead(request.params.id)
      if (!lead) return sendError(reply, errors.notFound(`leadFormResponse ${request.params.id} does not exist`))
      return render(lead, projection)
    }),
  )

  app.get('/rest/leadForms', (request, reply) =>
    withParams(request, reply, (params) => {
      if (params.string('q') !== 'owner') throw new RestliSyntaxError('finder "q" must be owner')
      const owner = ownerFrom(params.record('owner'))
      if (!store.ownerName(owner))
        return sendError(reply, errors.accessDenied('leadForms', 'GET', request.linkedinVersion ?? ''))
      const { start, count } = paging(params)
      const projection = projectionOf(params)
      const forms = [...store.forms.values()]
        .map((form) => form.versions.at(-1))
        .filter((form) => form !== undefined && sameOwner(form.owner, owner))
      return {
        paging: { start, count, links: [], total: forms.length },
        elements: forms.slice(start, start + count).map((form) => (projection ? project(form, projection) : form)),
      }
    }),
  )

  app.get<{ Params: { id: string } }>('/rest/leadForms/:id', (request, reply) =>
    withParams(request, reply, (params) => {
      const projection = projectionOf(params)
      const form = /^\d+$/.test(request.params.id) ? store.form(Number(request.params.id))?.versions.at(-1) : undefined
      if (!form) return sendError(reply, errors.notFound(`leadForm ${request.params.id} does not exist`))
      return projection ? project(form, projection) : form
    }),
  )
}
