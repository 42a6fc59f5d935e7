import type { LeadAction } from '../linkedin/notification.js'
import { responseUrn } from '../linkedin/notification.js'
import type { Clock } from '../util/clock.js'
import type { LeadStore } from './lead-store.js'
import { createLead, type GivenAnswers } from './leads.js'
import type { LeadFormResponse, SeededForm } from './linkedin-types.js'
import { ownerUrn } from './linkedin-types.js'
import type { Random } from './random.js'
import type { Subscriptions } from './subscriptions.js'
import type { Delivery, Notification, WebhookSender } from './webhook-sender.js'

export interface SubmitLeadRequest {
  readonly formId?: number
  readonly versionId?: number
  readonly answers?: GivenAnswers
  readonly testLead?: boolean
  /** Extra copies of the notification to send on purpose. */
  readonly duplicates?: number
}

export class UnknownFormError extends Error {
  override readonly name = 'UnknownFormError'
}

/** The LEAD_ACTION body LinkedIn would push for this lead (linkedin-api.md §3). */
export function notificationFor(lead: LeadFormResponse, leadAction: LeadAction, occurredAt: number): Notification {
  const creative = lead.associatedEntity?.associatedCreative
  // The notification's key for an ad's creative is unconfirmed; `sponsoredCreative` follows S8's example.
  const associatedEntity = creative ? { sponsoredCreative: creative } : lead.associatedEntity
  return {
    type: 'LEAD_ACTION',
    leadGenFormResponse: responseUrn(lead.id),
    leadGenForm: lead.versionedLeadGenFormUrn,
    owner: lead.owner,
    ...(associatedEntity ? { associatedEntity } : {}),
    leadType: lead.leadType,
    leadAction,
    occurredAt,
  }
}

/** Member actions: submitting a form and withdrawing a submission, each pushed to matching webhooks. */
export function createLeadActions(deps: {
  readonly store: LeadStore
  readonly subscriptions: Subscriptions
  readonly sender: WebhookSender
  readonly random: Random
  readonly clock: Clock
}) {
  const { store, subscriptions, sender, random, clock } = deps

  /** Without a form, prefer one that some subscription listens to, so a new lead is seen somewhere. */
  function chooseForm(formId: number | undefined): [number, SeededForm] {
    if (formId !== undefined) {
      const form = store.form(formId)
      if (!form) throw new UnknownFormError(`form ${formId} does not exist`)
      return [formId, form]
    }
    const all = [...store.forms.entries()]
    const watched = all.filter(([, form]) =>
      subscriptions
        .list()
        .some((s) => s.leadType === form.leadType && ownerUrn(s.owner) === ownerUrn(form.versions[0]!.owner)),
    )
    return random.pick(watched.length > 0 ? watched : all)
  }

  return {
    async submit(request: SubmitLeadRequest = {}): Promise<{ lead: LeadFormResponse; deliveries: Delivery[] }> {
      const [, form] = chooseForm(request.formId)
      if (request.versionId !== undefined && !form.versions.some((v) => v.versionId === request.versionId)) {
        throw new UnknownFormError(`form ${request.formId} has no version ${request.versionId}`)
      }
      const now = clock.now().getTime()
      const lead = createLead(random, form, {
        submittedAt: now,
        testLead: request.testLead ?? false,
        ...(request.versionId !== undefined ? { versionId: request.versionId } : {}),
        ...(request.answers ? { answers: request.answers } : {}),
      })
      store.add(lead)
      const deliveries = await sender.deliver(subscriptions.webhooksFor(lead), notificationFor(lead, 'CREATED', now), {
        ...(request.duplicates !== undefined ? { duplicates: request.duplicates } : {}),
      })
      return { lead, deliveries }
    },
    async remove(id: string, duplicates?: number): Promise<Delivery[] | undefined> {
      const lead = store.remove(id)
      if (!lead) return undefined
      const notification = notificationFor(lead, 'DELETED', clock.now().getTime())
      return sender.deliver(
        subscriptions.webhooksFor(lead),
        notification,
        duplicates === undefined ? {} : { duplicates },
      )
    },
  }
}
export type LeadActions = ReturnType<typeof createLeadActions>
