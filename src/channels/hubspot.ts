import { systemClock } from '../util/index.js'
import type { Channel, CrmLeadState, DeletionRequest, DeliveryOutcome, OwnerQuery, SendContext } from './channel.js'
import {
  type CrmAdapter,
  type CrmCommonOptions,
  type CrmLead,
  CrmLookupError,
  createCrmChannel,
  type RecordOutcome,
} from './crm/crm-channel.js'
import { followUpText, mapFields } from './crm/fields.js'
import { reasonOf, type VendorAnswer } from './crm/request.js'
import { createHubSpotApi, hubspotFailure, hubspotMessage } from './hubspot-api.js'
import { DEFAULT_HUBSPOT_FIELD_MAPPING, HUBSPOT_TASK_PRIORITY } from './hubspot-properties.js'
import { createHubSpotTasks } from './hubspot-tasks.js'

/** `deletion: 'delete'` archives the contact; `'clear'` empties the LinkedIn-sourced properties. */
export interface HubSpotChannelOptions extends CrmCommonOptions {
  /** Private-app access token; scopes crm.objects.contacts.read/write and crm.objects.companies.read. */
  readonly accessToken: string
  /** Default `https://api.hubapi.com`; a test points it at a local fake. */
  readonly apiUrl?: string
  /** LeadRelay team member id → HubSpot owner id (`hubspot_owner_id`). Unmapped owners leave the contact unowned. */
  readonly owners: Readonly<Record<string, string>>
  /** `lifecyclestage` written on the contact; null writes none. Default `lead`. */
  readonly lifecycleStage?: string | null
  /** `hs_lead_status` written on the contact; null writes none. Default `NEW`. */
  readonly leadStatus?: string | null
  /** Lead field → contact property; replaces {@link DEFAULT_HUBSPOT_FIELD_MAPPING} when given. */
  readonly fieldMapping?: Readonly<Record<string, string>>
  /** A custom contact property that receives the LinkedIn lead URN, when configured. */
  readonly linkedinLeadIdProperty?: string
  /**
   * A custom single-line text contact property where the adapter records `<idempotency key> <task id>` after
   * creating the follow-up task, so a retried delivery finds its task instead of creating a second one.
   * Default `leadrelay_task_ref`; it must exist in HubSpot.
   */
  readonly taskRecordProperty?: string
}

/** Thrown by `findOwner` when HubSpot could not be asked; routing falls through to its next rule. */
export class HubSpotLookupError extends CrmLookupError {
  override readonly name = 'HubSpotLookupError'
}

/**
 * HubSpot CRM v3 with a private-app token: upserts the contact by e-mail (`batch/upsert` with `idProperty: email`,
 * so a retry never makes a second contact), owned by the routed rep, then creates one follow-up task for them.
 * Only what differs from other CRMs is here; the send skeleton is `crm/crm-channel.ts`.
 */
export function createHubSpotChannel(options: HubSpotChannelOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  const call = createHubSpotApi({
    apiUrl: options.apiUrl ?? 'https://api.hubapi.com',
    accessToken: options.accessToken,
    timeoutMs: options.timeoutMs,
    fetch,
  })
  const mapping = options.fieldMapping ?? DEFAULT_HUBSPOT_FIELD_MAPPING
  const tasks = createHubSpotTasks({
    call,
    clock,
    taskRecordProperty: options.taskRecordProperty ?? 'leadrelay_task_ref',
  })
  if (!options.accessToken) throw new Error(`HubSpot channel "${options.name}" needs an accessToken`)
  if (!Object.values(mapping).includes('email')) {
    throw new Error(`HubSpot channel "${options.name}": the field mapping must map a lead field to "email"`)
  }

  const failed = (answer: VendorAnswer, doing: string, personal: readonly string[] = []): DeliveryOutcome =>
    answer.kind === 'failed' ? answer.outcome : hubspotFailure(answer, clock.now(), doing, personal)

  async function upsertRecord(lead: CrmLead, context: SendContext): Promise<RecordOutcome> {
    const properties = mapFields(lead.values, mapping)
    const email = properties['email']
    if (!email) {
      return {
        kind: 'failed',
        outcome: { kind: 'rejected', reason: 'lead has no e-mail address: HubSpot contacts are upserted by e-mail' },
      }
    }
    if (lead.ownerId) properties['hubspot_owner_id'] = lead.ownerId
    if (options.lifecycleStage !== null) properties['lifecyclestage'] = options.lifecycleStage ?? 'lead'
    if (options.leadStatus !== null) properties['hs_lead_status'] = options.leadStatus ?? 'NEW'
    if (options.linkedinLeadIdProperty) properties[options.linkedinLeadIdProperty] = lead.alert.leadUrn

    const upsert = await call(
      'POST',
      '/crm/v3/objects/contacts/batch/upsert',
      { inputs: [{ idProperty: 'email', id: email, properties }] },
      context.signal,
    )
    if (upsert.kind === 'failed' || (upsert.status !== 200 && upsert.status !== 201)) {
      return { kind: 'failed', outcome: failed(upsert, 'upserting the contact', lead.personal) }
    }
    const contact = upsert.json?.results?.[0]
    if (typeof contact?.id !== 'string') {
      // 207 multi-status: the batch answered, this input failed.
      const detail = hubspotMessage(upsert.json?.errors?.[0] ?? upsert.json, lead.personal)
      return {
        kind: 'failed',
        outcome: {
          kind: 'rejected',
          reason: `HubSpot rejected upserting the contact (HTTP ${upsert.status})${detail ? `: ${detail}` : ''}`,
        },
      }
    }
    return { kind: 'written', recordId: contact.id, created: contact.new === true }
  }

  async function upsertTask(
    lead: CrmLead,
    contact: { readonly id: string; readonly created: boolean },
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    const { alert } = lead
    const taskProperties: Record<string, string> = {
      hs_task_subject: `Follow up: ${alert.priority.toUpperCase()} LinkedIn lead ${alert.name}`,
      hs_task_body: followUpText(alert),
      hs_timestamp: lead.taskDue.toISOString(),
      hs_task_status: 'NOT_STARTED',
      hs_task_priority: HUBSPOT_TASK_PRIORITY[alert.priority],
      hs_task_type: 'TODO',
    }
    if (lead.ownerId) taskProperties['hubspot_owner_id'] = lead.ownerId
    return tasks.ensureTask(contact, taskProperties, lead.personal, context)
  }

  async function deleteRecord(request: DeletionRequest, context: SendContext): Promise<DeliveryOutcome> {
    let contactId = request.externalId
    if (!contactId && options.linkedinLeadIdProperty) {
      const found = await call(
        'POST',
        '/crm/v3/objects/contacts/search',
        {
          filterGroups: [
            { filters: [{ propertyName: options.linkedinLeadIdProperty, operator: 'EQ', value: request.leadUrn }] },
          ],
          limit: 1,
        },
        context.signal,
      )
      if (found.kind === 'failed' || found.status !== 200) return failed(found, 'finding the contact to delete')
      contactId = typeof found.json?.results?.[0]?.id === 'string' ? found.json.results[0].id : null
    }
    // No contact id recorded and none found by the LinkedIn lead id: the lead never reached HubSpot through us.
    if (!contactId) return { kind: 'delivered' }
    const path = `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`
    const answer =
      options.deletion === 'delete'
        ? await call('DELETE', path, undefined, context.signal)
        : await call('PATCH', path, { properties: clearedProperties() }, context.signal)
    if (answer.kind === 'failed') return answer.outcome
    // 404: already archived or merged away, so the deletion has nothing left to do.
    if (answer.status === 204 || answer.status === 200 || answer.status === 404) {
      return { kind: 'delivered', externalId: contactId }
    }
    return failed(answer, options.deletion === 'delete' ? 'archiving the contact' : 'clearing the contact')
  }

  function clearedProperties(): Record<string, string> {
    // HubSpot clears a property given an empty string (CRM v3 update).
    const cleared: Record<string, string> = {}
    for (const property of Object.values(mapping)) cleared[property] = ''
    if (options.linkedinLeadIdProperty) cleared[options.linkedinLeadIdProperty] = ''
    return cleared
  }

  async function findOwnerId(query: OwnerQuery, signal: AbortSignal): Promise<string | null> {
    if (query.email) {
      const owner = await searchOwner('contacts', 'email', query.email, signal)
      if (owner) return owner
    }
    if (query.domain) {
      const owner = await searchOwner('companies', 'domain', query.domain, signal)
      if (owner) return owner
    }
    return null
  }

  async function searchOwner(
    object: 'contacts' | 'companies',
    property: string,
    value: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    const answer = await call(
      'POST',
      `/crm/v3/objects/${object}/search`,
      {
        filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
        properties: ['hubspot_owner_id'],
        limit: 1,
      },
      signal,
    )
    if (answer.kind === 'failed')
      throw new HubSpotLookupError(`HubSpot ${object} search failed: ${reasonOf(answer.outcome)}`)
    if (answer.status !== 200) {
      const outcome = hubspotFailure(answer, clock.now(), `searching ${object}`, [value])
      throw new HubSpotLookupError(reasonOf(outcome))
    }
    const owner = answer.json?.results?.[0]?.properties?.hubspot_owner_id
    return typeof owner === 'string' && owner !== '' ? owner : undefined
  }

  /** Lead status, lifecycle stage and last contact of contacts we created (batch read, 100 ids a call). */
  async function readOutcomes(
    records: readonly { readonly leadId: string; readonly externalId: string }[],
    signal: AbortSignal,
  ): Promise<readonly CrmLeadState[]> {
    if (records.length === 0) return []
    const byContact = new Map(records.map((r) => [r.externalId, r.leadId]))
    const answer = await call(
      'POST',
      '/crm/v3/objects/contacts/batch/read',
      {
        properties: ['hs_lead_status', 'lifecyclestage', 'notes_last_contacted'],
        inputs: records.map((r) => ({ id: r.externalId })),
      },
      signal,
    )
    if (answer.kind === 'failed') throw new Error(`HubSpot batch read failed: ${reasonOf(answer.outcome)}`)
    // 207: some ids no longer exist (merged or deleted contacts); the others are in `results`.
    if (answer.status !== 200 && answer.status !== 207)
      throw new Error(reasonOf(hubspotFailure(answer, clock.now(), 'reading contacts back', [])))
    const results = (answer.json?.results ?? []) as { id: string; properties?: Record<string, string | null> }[]
    return results.flatMap((contact) => {
      const leadId = byContact.get(contact.id)
      if (!leadId) return []
      const p = contact.properties ?? {}
      const contacted = p.notes_last_contacted ? Date.parse(p.notes_last_contacted) : Number.NaN
      return [
        {
          leadId,
          leadStatus: p.hs_lead_status ?? null,
          lifecycleStage: p.lifecyclestage ?? null,
          lastContactedAt: Number.isNaN(contacted) ? null : contacted,
        },
      ]
    })
  }

  const adapter: CrmAdapter = {
    type: 'hubspot',
    label: 'HubSpot',
    upsertRecord,
    upsertTask,
    writeStepTask: tasks.writeStepTask,
    deleteRecord,
    findOwnerId,
  }
  return { ...createCrmChannel({ ...options, clock }, adapter), readOutcomes }
}
