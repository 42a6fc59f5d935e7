import type { Clock } from '../util/index.js'
import type { CrmTask, DeliveryOutcome, SendContext } from './channel.js'
import { reasonOf, type VendorAnswer } from './crm/request.js'
import { type HubSpotCall, hubspotFailure } from './hubspot-api.js'

/** The last line of a task's body: which delivery made it, so a retry can find it. */
const TASK_KEY_PREFIX = 'LeadRelay ref: '

// HubSpot-defined association type "task to contact" (CRM v3 associations, associationCategory HUBSPOT_DEFINED).
const TASK_TO_CONTACT = 204

export interface HubSpotTasksDeps {
  readonly call: HubSpotCall
  readonly clock: Clock
  /** The contact property recording `<idempotency key> <task id>` (or `pending`) for the last task made. */
  readonly taskRecordProperty: string
}

/**
 * Tasks on a contact, at most one per delivery. HubSpot tasks have no external id: the contact records which
 * delivery made its task. The record says "pending" before the task is created, so a retry after a crash
 * between the two looks for the task (its body ends with the key) instead of creating a second one.
 */
export function createHubSpotTasks(deps: HubSpotTasksDeps) {
  const { call, clock, taskRecordProperty } = deps
  const failed = (answer: VendorAnswer, doing: string, personal: readonly string[] = []): DeliveryOutcome =>
    answer.kind === 'failed' ? answer.outcome : hubspotFailure(answer, clock.now(), doing, personal)
  const missingProperty = (answer: VendorAnswer & { kind: 'answered' }, doing: string): DeliveryOutcome => ({
    kind: 'rejected',
    reason: `${reasonOf(hubspotFailure(answer, clock.now(), doing))}; create the contact property "${taskRecordProperty}" (single-line text)`,
  })

  /** Creates the task once for this delivery; delivered carries the task id when HubSpot gave one. */
  async function ensureTask(
    contact: { readonly id: string; readonly created: boolean },
    properties: Readonly<Record<string, string>>,
    personal: readonly string[],
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    const contactPath = `/crm/v3/objects/contacts/${encodeURIComponent(contact.id)}`
    const pending = `${context.idempotencyKey} pending`
    if (!contact.created) {
      const existing = await call(
        'GET',
        `${contactPath}?properties=${encodeURIComponent(taskRecordProperty)}`,
        undefined,
        context.signal,
      )
      if (existing.kind === 'failed' || existing.status !== 200) return failed(existing, 'reading the contact')
      const recorded = existing.json?.properties?.[taskRecordProperty]
      const ours = typeof recorded === 'string' && recorded.startsWith(`${context.idempotencyKey} `)
      if (ours && recorded !== pending)
        return { kind: 'delivered', externalId: recorded.slice(context.idempotencyKey.length + 1) }
      // Any other record may have overwritten our "pending": another lead of the same person, or a later task
      // step, wrote the contact after our task was made. The attempt number cannot tell us there was an
      // earlier attempt (one cut short by kill -9 is never counted), so look by key whenever a record exists.
      if (typeof recorded === 'string' && recorded !== '') {
        const found = await findTaskByKey(contact.id, context)
        if (found.kind === 'outcome') return found.outcome
        if (found.taskId) return recordTask(contactPath, found.taskId, context)
      }
    }
    const intent = await call('PATCH', contactPath, { properties: { [taskRecordProperty]: pending } }, context.signal)
    if (intent.kind === 'answered' && (intent.status === 400 || intent.status === 401 || intent.status === 403))
      return missingProperty(intent, 'recording the task to come on the contact')
    if (intent.kind === 'failed' || intent.status !== 200) return failed(intent, 'recording the task to come')

    const task = await call(
      'POST',
      '/crm/v3/objects/tasks',
      {
        properties: {
          ...properties,
          hs_task_body: `${properties.hs_task_body ?? ''}\n\n${TASK_KEY_PREFIX}${context.idempotencyKey}`.trimStart(),
        },
        associations: [
          {
            to: { id: contact.id },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }],
          },
        ],
      },
      context.signal,
    )
    if (task.kind === 'failed' || (task.status !== 201 && task.status !== 200))
      return failed(task, 'creating the task', personal)
    return recordTask(contactPath, String(task.json?.id ?? ''), context)
  }

  async function recordTask(contactPath: string, taskId: string, context: SendContext): Promise<DeliveryOutcome> {
    const record = await call(
      'PATCH',
      contactPath,
      { properties: { [taskRecordProperty]: `${context.idempotencyKey} ${taskId}` } },
      context.signal,
    )
    // The task exists, so a retry would make a second one: dead-letter with the fix instead.
    if (record.kind === 'answered' && (record.status === 400 || record.status === 401 || record.status === 403))
      return missingProperty(record, `recording task ${taskId} on the contact`)
    // A transient failure here is not retried either: the contact and the task are written, which is the delivery.
    return taskId ? { kind: 'delivered', externalId: taskId } : { kind: 'delivered' }
  }

  /** The contact's task made by this delivery, found by the key its body ends with. */
  async function findTaskByKey(
    contactId: string,
    context: SendContext,
  ): Promise<{ kind: 'outcome'; outcome: DeliveryOutcome } | { kind: 'found'; taskId: string | undefined }> {
    const linked = await call(
      'GET',
      `/crm/v4/objects/contacts/${encodeURIComponent(contactId)}/associations/tasks`,
      undefined,
      context.signal,
    )
    if (linked.kind === 'failed' || linked.status !== 200)
      return { kind: 'outcome', outcome: failed(linked, 'listing the contact’s tasks') }
    const ids = ((linked.json?.results ?? []) as { toObjectId?: unknown }[]).map((r) => String(r.toObjectId))
    for (const id of ids) {
      const task = await call(
        'GET',
        `/crm/v3/objects/tasks/${encodeURIComponent(id)}?properties=hs_task_body`,
        undefined,
        context.signal,
      )
      if (task.kind === 'failed' || task.status !== 200)
        return { kind: 'outcome', outcome: failed(task, 'reading a task') }
      const body = task.json?.properties?.hs_task_body
      if (typeof body === 'string' && body.endsWith(`${TASK_KEY_PREFIX}${context.idempotencyKey}`))
        return { kind: 'found', taskId: id }
    }
    return { kind: 'found', taskId: undefined }
  }

  /** A sequence's task step: CALL for call steps, else TODO; completing sets hs_task_status COMPLETED. */
  async function writeStepTask(
    task: CrmTask,
    ownerId: string | undefined,
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    if (task.status === 'completed') {
      // 404: deleted in HubSpot meanwhile, so there is nothing left to complete.
      if (!task.taskId) return { kind: 'delivered' }
      const done = await call(
        'PATCH',
        `/crm/v3/objects/tasks/${encodeURIComponent(task.taskId)}`,
        { properties: { hs_task_status: 'COMPLETED' } },
        context.signal,
      )
      if (done.kind === 'answered' && (done.status === 200 || done.status === 404))
        return { kind: 'delivered', externalId: task.taskId }
      return failed(done, 'completing the task')
    }
    const properties: Record<string, string> = {
      hs_task_subject: task.subject.slice(0, 255),
      hs_task_body: task.body ?? '',
      hs_timestamp: task.due.toISOString(),
      hs_task_status: 'NOT_STARTED',
      hs_task_type: task.call ? 'CALL' : 'TODO',
    }
    if (ownerId) properties['hubspot_owner_id'] = ownerId
    return ensureTask({ id: task.recordId, created: false }, properties, [], context)
  }

  return { ensureTask, writeStepTask }
}
