import type { Clock } from '../../util/index.js'
import type {
  Channel,
  CrmTask,
  DeletionRequest,
  DeliveryOutcome,
  LeadAlert,
  OwnerQuery,
  Priority,
  SendContext,
} from '../channel.js'
import { leadFieldValues, personalValues } from './fields.js'

/** Thrown by `findOwner` when the CRM could not be asked; routing falls through to its next rule. */
export class CrmLookupError extends Error {
  override readonly name: string = 'CrmLookupError'
}

/** One lead as a CRM adapter writes it: the values, who owns it there, when the follow-up is due. */
export interface CrmLead {
  readonly alert: LeadAlert
  /** Every lead field by LeadRelay's name. */
  readonly values: Readonly<Record<string, string | null>>
  /** The lead's own values, to redact from the CRM's error messages. */
  readonly personal: readonly string[]
  /** The routed rep's user id in this CRM, when the team member is mapped. */
  readonly ownerId: string | undefined
  readonly taskDue: Date
}

export type RecordOutcome =
  | { readonly kind: 'written'; readonly recordId: string; readonly created: boolean }
  | { readonly kind: 'failed'; readonly outcome: DeliveryOutcome }

/** What differs between CRMs; the skeleton does the rest. */
export interface CrmAdapter {
  readonly type: 'hubspot' | 'salesforce'
  /** As people write it: "HubSpot", "Salesforce". */
  readonly label: string
  /** Creates or updates the person's record, keyed so that a retry never makes a second one. */
  upsertRecord(lead: CrmLead, context: SendContext): Promise<RecordOutcome>
  /** The rep's follow-up task on that record, once per delivery (keyed by the idempotency key). */
  upsertTask(
    lead: CrmLead,
    record: { readonly id: string; readonly created: boolean },
    context: SendContext,
  ): Promise<DeliveryOutcome>
  /**
   * A sequence's task step on the lead's record, once per idempotency key, or its completion; `ownerId` is the
   * owner's user id in this CRM. Delivered carries the CRM's task id.
   */
  writeStepTask(task: CrmTask, ownerId: string | undefined, context: SendContext): Promise<DeliveryOutcome>
  /** Removes or clears what `upsertRecord` wrote (LinkedIn DELETED). */
  deleteRecord(request: DeletionRequest, context: SendContext): Promise<DeliveryOutcome>
  /** The CRM user owning this person (by e-mail), else their company (by domain); throws CrmLookupError. */
  findOwnerId(query: OwnerQuery, signal: AbortSignal): Promise<string | null>
}

/** The options every CRM channel takes besides its own. */
export interface CrmCommonOptions {
  readonly name: string
  /** Minutes from submission until the follow-up task is due, by priority. */
  readonly taskDue: Readonly<Record<Priority, number>>
  /** On a LinkedIn DELETED event: delete the record, or only clear the fields LeadRelay wrote. */
  readonly deletion: 'delete' | 'clear'
  /** CRMs keep test leads out unless asked. Default false. */
  readonly sendTestLeads?: boolean
  readonly timeoutMs?: number
  readonly fetch?: typeof globalThis.fetch
  readonly clock?: Clock
}

export interface CrmChannelOptions extends Pick<CrmCommonOptions, 'name' | 'taskDue' | 'sendTestLeads'> {
  /** LeadRelay team member id → the CRM's user id. */
  readonly owners: Readonly<Record<string, string>>
  readonly clock: Clock
}

/**
 * The send / delete / find-owner skeleton every CRM shares: test leads stay out unless the channel opts in,
 * an escalation writes nothing (the record and task exist since the new-lead delivery), then the record is
 * upserted, then the task.
 */
export function createCrmChannel(options: CrmChannelOptions, adapter: CrmAdapter): Channel {
  const { clock } = options
  const sendTestLeads = options.sendTestLeads ?? false

  function dueAt(alert: LeadAlert): Date {
    const submitted = alert.submittedAt ? new Date(alert.submittedAt) : clock.now()
    const base = Number.isNaN(submitted.getTime()) ? clock.now() : submitted
    return new Date(base.getTime() + options.taskDue[alert.priority] * 60_000)
  }

  async function send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome> {
    if (alert.test && !sendTestLeads) {
      return {
        kind: 'rejected',
        reason: `test lead not written to ${adapter.label}: channel "${options.name}" has sendTestLeads off`,
      }
    }
    if (alert.kind === 'escalation') return { kind: 'delivered' }
    const values = leadFieldValues(alert)
    const lead: CrmLead = {
      alert,
      values,
      personal: personalValues(values),
      ownerId: alert.owner ? options.owners[alert.owner.id] : undefined,
      taskDue: dueAt(alert),
    }
    const record = await adapter.upsertRecord(lead, context)
    if (record.kind === 'failed') return record.outcome
    const task = await adapter.upsertTask(lead, { id: record.recordId, created: record.created }, context)
    return task.kind === 'delivered' ? { kind: 'delivered', externalId: record.recordId } : task
  }

  return {
    name: options.name,
    type: adapter.type,
    sendTestLeads,
    send,
    deleteLead: (request, context) => adapter.deleteRecord(request, context),
    sendTask: (task, context) => adapter.writeStepTask(task, options.owners[task.ownerMemberId], context),
    async findOwner(query, signal) {
      const owner = await adapter.findOwnerId(query, signal)
      return owner ? { crmOwnerId: owner } : null
    },
  }
}
