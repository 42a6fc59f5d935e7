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
import { followUpText } from './crm/fields.js'
import { reasonOf, type VendorAnswer } from './crm/request.js'
import { salesforceFailure, salesforceRequest } from './salesforce-api.js'
import { createSalesforceAuth, type SalesforceAuth, type SalesforceAuthOptions } from './salesforce-auth.js'
import {
  DEFAULT_SALESFORCE_FIELD_MAPPING,
  leadRecordFields,
  REQUIRED_LEAD_FIELDS,
  SALESFORCE_TASK_PRIORITY,
  soqlContains,
  soqlString,
} from './salesforce-fields.js'
import { createSalesforceStepTasks } from './salesforce-tasks.js'

const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
const VALID_EMAIL = /^[^\s@"(),:;<>[\\\]%]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i

/** The Task is due `taskDue` after submission (ReminderDateTime; ActivityDate is that day in UTC). */
export interface SalesforceChannelOptions extends CrmCommonOptions {
  /** A shared session (createSalesforceAuth), or the connected app's credentials to make one from. */
  readonly auth: SalesforceAuth | SalesforceAuthOptions
  /** REST API version without the "v". Default `62.0`. */
  readonly apiVersion?: string
  /** LeadRelay team member id → Salesforce user id (`005…`). Unmapped owners leave OwnerId to Salesforce. */
  readonly owners: Readonly<Record<string, string>>
  /** A Lead field marked External ID (Text, unique) that holds the LinkedIn lead URN, e.g. `LinkedIn_Lead_Id__c`. */
  readonly externalIdField: string
  /**
   * An Activity (Task) field marked External ID that holds the delivery's idempotency key, so the Task is upserted
   * and a retried delivery never makes a second one. Default `LeadRelay_Delivery_Key__c`.
   */
  readonly taskExternalIdField?: string
  /** `LeadSource` written on the Lead. Default `LinkedIn Lead Gen`. */
  readonly leadSource?: string
  /** Lead field → Lead field API name; replaces {@link DEFAULT_SALESFORCE_FIELD_MAPPING} when given. */
  readonly fieldMapping?: Readonly<Record<string, string>>
}

/** Thrown by `findOwner` when Salesforce could not be asked; routing falls through to its next rule. */
export class SalesforceLookupError extends CrmLookupError {
  override readonly name = 'SalesforceLookupError'
}

/**
 * Salesforce REST: upserts a Lead by an external-id field holding the LinkedIn lead URN (PATCH answers 201 created
 * or 200/204 updated, so retries never duplicate), owned by the routed rep, then upserts one Task for them by an
 * external id holding the delivery's idempotency key. An expired session (401 INVALID_SESSION_ID) is renewed once
 * per call, within the same send.
 */
export function createSalesforceChannel(options: SalesforceChannelOptions): Channel {
  const fetch = options.fetch ?? globalThis.fetch
  const clock = options.clock ?? systemClock
  const auth: SalesforceAuth =
    'session' in options.auth ? options.auth : createSalesforceAuth({ fetch, ...options.auth })
  const version = options.apiVersion ?? '62.0'
  const mapping = options.fieldMapping ?? DEFAULT_SALESFORCE_FIELD_MAPPING
  const taskKeyField = options.taskExternalIdField ?? 'LeadRelay_Delivery_Key__c'
  if (!options.externalIdField) throw new Error(`Salesforce channel "${options.name}" needs an externalIdField`)

  async function call(
    method: 'GET' | 'PATCH' | 'DELETE',
    path: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<VendorAnswer> {
    for (let attempt = 1; ; attempt++) {
      const result = await auth.session(signal)
      if (result.kind === 'failed') return result
      const { accessToken, instanceUrl } = result.session
      const answer = await salesforceRequest({
        method,
        url: `${instanceUrl.replace(/\/+$/, '')}/services/data/v${version}${path}`,
        headers: { authorization: `Bearer ${accessToken}` },
        body,
        signal,
        timeoutMs: options.timeoutMs,
        fetch,
      })
      // Sessions expire (timeout policy, revocation): renew once and repeat this call; a second 401 is permanent.
      if (answer.kind === 'answered' && answer.status === 401 && attempt === 1) {
        auth.invalidate(accessToken)
        continue
      }
      return answer
    }
  }

  const failed = (answer: VendorAnswer, doing: string, personal: readonly string[] = []): DeliveryOutcome =>
    answer.kind === 'failed' ? answer.outcome : salesforceFailure(answer, clock.now(), doing, personal)
  const leadPath = (urn: string) =>
    `/sobjects/Lead/${encodeURIComponent(options.externalIdField)}/${encodeURIComponent(urn)}`

  async function upsertRecord(lead: CrmLead, context: SendContext): Promise<RecordOutcome> {
    const { alert } = lead
    const record: Record<string, string> = {
      ...leadRecordFields(lead.values, mapping),
      LeadSource: options.leadSource ?? 'LinkedIn Lead Gen',
    }
    if (lead.ownerId) record['OwnerId'] = lead.ownerId
    const upsert = await call('PATCH', leadPath(alert.leadUrn), record, context.signal)
    if (upsert.kind === 'failed' || ![200, 201, 204].includes(upsert.status)) {
      return { kind: 'failed', outcome: failed(upsert, 'upserting the Lead', lead.personal) }
    }
    const created = upsert.kind === 'answered' && upsert.status === 201
    if (typeof upsert.json?.id === 'string') return { kind: 'written', recordId: upsert.json.id, created }
    // Before API 46.0 an update answers 204 without a body: read the id back by the external id.
    const read = await call('GET', `${leadPath(alert.leadUrn)}?fields=Id`, undefined, context.signal)
    if (read.kind === 'failed' || read.status !== 200)
      return { kind: 'failed', outcome: failed(read, 'reading the Lead id') }
    if (typeof read.json?.Id !== 'string') {
      return { kind: 'failed', outcome: { kind: 'retry', reason: 'Salesforce returned the Lead without an Id' } }
    }
    return { kind: 'written', recordId: read.json.Id, created }
  }

  async function upsertTask(
    lead: CrmLead,
    record: { readonly id: string },
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    const { alert } = lead
    const due = lead.taskDue
    const task: Record<string, unknown> = {
      WhoId: record.id,
      Subject: `Follow up: ${alert.priority.toUpperCase()} LinkedIn lead ${alert.name}`.slice(0, 255),
      ActivityDate: due.toISOString().slice(0, 10),
      ReminderDateTime: due.toISOString(),
      IsReminderSet: true,
      Priority: SALESFORCE_TASK_PRIORITY[alert.priority],
      Status: 'Not Started',
      Description: followUpText(alert),
    }
    if (lead.ownerId) task['OwnerId'] = lead.ownerId
    // Tasks are upserted by an external id holding the delivery's idempotency key: a retry updates, never duplicates.
    const answer = await call(
      'PATCH',
      `/sobjects/Task/${encodeURIComponent(taskKeyField)}/${encodeURIComponent(context.idempotencyKey)}`,
      task,
      context.signal,
    )
    if (answer.kind === 'failed' || ![200, 201, 204].includes(answer.status)) {
      return failed(answer, 'upserting the follow-up Task', lead.personal)
    }
    return { kind: 'delivered' }
  }

  async function deleteRecord(request: DeletionRequest, context: SendContext): Promise<DeliveryOutcome> {
    if (options.deletion === 'delete') {
      const answer = await call('DELETE', leadPath(request.leadUrn), undefined, context.signal)
      // 404: deleted already (by us on an earlier attempt, or by someone in Salesforce).
      if (answer.kind === 'answered' && (answer.status === 204 || answer.status === 404)) return deleted(request)
      return failed(answer, 'deleting the Lead')
    }
    let recordId = request.externalId
    if (!recordId) {
      const read = await call('GET', `${leadPath(request.leadUrn)}?fields=Id`, undefined, context.signal)
      if (read.kind === 'answered' && read.status === 404) return deleted(request)
      if (read.kind === 'failed' || read.status !== 200) return failed(read, 'finding the Lead to clear')
      recordId = String(read.json?.Id)
    }
    const answer = await call(
      'PATCH',
      `/sobjects/Lead/${encodeURIComponent(recordId)}`,
      clearedFields(),
      context.signal,
    )
    if (answer.kind === 'answered' && [200, 204, 404].includes(answer.status)) return deleted(request)
    return failed(answer, 'clearing the Lead')
  }

  function deleted(request: DeletionRequest): DeliveryOutcome {
    return request.externalId ? { kind: 'delivered', externalId: request.externalId } : { kind: 'delivered' }
  }

  function clearedFields(): Record<string, string | null> {
    // null clears a field over REST; the required ones cannot be empty, so they say what happened.
    const cleared: Record<string, string | null> = {}
    for (const field of Object.values(mapping)) cleared[field] = null
    for (const required of REQUIRED_LEAD_FIELDS) cleared[required] = '[deleted]'
    return cleared
  }

  async function findOwnerId(query: OwnerQuery, signal: AbortSignal): Promise<string | null> {
    const lookups: string[] = []
    // Free text from a form: only what is an address and a host name is looked up (`x@%` once matched
    // every account through LIKE '%%%').
    if (query.email && VALID_EMAIL.test(query.email)) {
      const email = soqlString(query.email)
      lookups.push(
        `SELECT OwnerId FROM Contact WHERE Email = ${email} ORDER BY LastModifiedDate DESC LIMIT 1`,
        `SELECT OwnerId FROM Lead WHERE Email = ${email} AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 1`,
      )
    }
    if (query.domain && HOST_NAME.test(query.domain)) {
      lookups.push(
        `SELECT OwnerId FROM Account WHERE Website LIKE ${soqlContains(query.domain)} ORDER BY LastModifiedDate DESC LIMIT 1`,
      )
    }
    for (const soql of lookups) {
      const answer = await call('GET', `/query?q=${encodeURIComponent(soql)}`, undefined, signal)
      if (answer.kind === 'failed')
        throw new SalesforceLookupError(`Salesforce query failed: ${reasonOf(answer.outcome)}`)
      if (answer.status !== 200) {
        const values = [query.email, query.domain].filter((v): v is string => !!v)
        throw new SalesforceLookupError(
          reasonOf(salesforceFailure(answer, clock.now(), 'looking up the owner', values)),
        )
      }
      const owner = answer.json?.records?.[0]?.OwnerId
      if (typeof owner === 'string' && owner !== '') return owner
    }
    return null
  }

  async function queryAll(soql: string, signal: AbortSignal): Promise<Record<string, unknown>[]> {
    const answer = await call('GET', `/query?q=${encodeURIComponent(soql)}`, undefined, signal)
    if (answer.kind === 'failed') throw new Error(`Salesforce query failed: ${reasonOf(answer.outcome)}`)
    if (answer.status !== 200)
      throw new Error(reasonOf(salesforceFailure(answer, clock.now(), 'reading leads back', [])))
    return (answer.json?.records ?? []) as Record<string, unknown>[]
  }

  /** Lead Status and conversion, and the converted Opportunity's stage and amount, of Leads we created. */
  async function readOutcomes(
    records: readonly { readonly leadId: string; readonly externalId: string }[],
    signal: AbortSignal,
  ): Promise<readonly CrmLeadState[]> {
    // Record ids go into SOQL: only well-formed 15/18-character ids do.
    const valid = records.filter((r) => /^[A-Za-z0-9]{15,18}$/.test(r.externalId))
    if (valid.length === 0) return []
    const byLead = new Map(valid.map((r) => [r.externalId, r.leadId]))
    const list = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',')
    const leads = await queryAll(
      `SELECT Id, Status, IsConverted, ConvertedOpportunityId FROM Lead WHERE Id IN (${list(valid.map((r) => r.externalId))})`,
      signal,
    )
    const opportunityIds = leads
      .map((l) => l.ConvertedOpportunityId)
      .filter((id): id is string => typeof id === 'string' && /^[A-Za-z0-9]{15,18}$/.test(id))
    const opportunities = new Map(
      opportunityIds.length
        ? (
            await queryAll(
              `SELECT Id, StageName, Amount FROM Opportunity WHERE Id IN (${list(opportunityIds)})`,
              signal,
            )
          ).map((o) => [String(o.Id), o] as const)
        : [],
    )
    return leads.flatMap((lead) => {
      const leadId = byLead.get(String(lead.Id))
      if (!leadId) return []
      const opportunity =
        typeof lead.ConvertedOpportunityId === 'string' ? opportunities.get(lead.ConvertedOpportunityId) : undefined
      return [
        {
          leadId,
          leadStatus: typeof lead.Status === 'string' ? lead.Status : null,
          converted: lead.IsConverted === true,
          opportunity: opportunity
            ? {
                stage: typeof opportunity.StageName === 'string' ? opportunity.StageName : null,
                amount: typeof opportunity.Amount === 'number' ? opportunity.Amount : null,
                currency: null,
              }
            : null,
        },
      ]
    })
  }

  const adapter: CrmAdapter = {
    type: 'salesforce',
    label: 'Salesforce',
    upsertRecord,
    upsertTask,
    writeStepTask: createSalesforceStepTasks({ call, clock, taskKeyField }),
    deleteRecord,
    findOwnerId,
  }
  return { ...createCrmChannel({ ...options, clock }, adapter), readOutcomes }
}
