import type { Clock } from '../util/index.js'
import type { CrmTask, DeliveryOutcome, SendContext } from './channel.js'
import type { VendorAnswer } from './crm/request.js'
import { salesforceFailure } from './salesforce-api.js'

type SalesforceCall = (
  method: 'GET' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  signal: AbortSignal,
) => Promise<VendorAnswer>

/**
 * A sequence's task step as a Salesforce Task on the Lead, upserted by the external-id field that holds the
 * delivery's idempotency key (so a retry or a crash never makes a second one); completing it upserts
 * `Status: Completed` under the key of the delivery that created it.
 */
export function createSalesforceStepTasks(deps: {
  readonly call: SalesforceCall
  readonly clock: Clock
  /** The Task field marked External ID (LeadRelay_Delivery_Key__c by default). */
  readonly taskKeyField: string
}) {
  const taskPath = (key: string) => `/sobjects/Task/${encodeURIComponent(deps.taskKeyField)}/${encodeURIComponent(key)}`

  return async function writeStepTask(
    task: CrmTask,
    ownerId: string | undefined,
    context: SendContext,
  ): Promise<DeliveryOutcome> {
    if (task.status === 'completed') {
      // By id where the create answered one: an upsert by key would make a bare Task if someone deleted it.
      const path = task.taskId ? `/sobjects/Task/${encodeURIComponent(task.taskId)}` : taskPath(task.taskKey)
      const answer = await deps.call('PATCH', path, { Status: 'Completed' }, context.signal)
      if (answer.kind === 'answered' && [200, 201, 204, 404].includes(answer.status)) return { kind: 'delivered' }
      return answer.kind === 'failed'
        ? answer.outcome
        : salesforceFailure(answer, deps.clock.now(), 'completing the Task', [])
    }
    const fields: Record<string, unknown> = {
      WhoId: task.recordId,
      Subject: task.subject.slice(0, 255),
      ActivityDate: task.due.toISOString().slice(0, 10),
      Status: 'Not Started',
      Priority: 'Normal',
    }
    if (task.body) fields['Description'] = task.body
    if (task.call) fields['Type'] = 'Call'
    if (ownerId) fields['OwnerId'] = ownerId
    const answer = await deps.call('PATCH', taskPath(context.idempotencyKey), fields, context.signal)
    if (answer.kind === 'failed') return answer.outcome
    if (![200, 201, 204].includes(answer.status))
      return salesforceFailure(answer, deps.clock.now(), 'upserting the Task', [])
    return typeof answer.json?.id === 'string'
      ? { kind: 'delivered', externalId: answer.json.id }
      : { kind: 'delivered' }
  }
}
