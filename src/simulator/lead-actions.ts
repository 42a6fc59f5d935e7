import type { LeadAction } from '../linkedin/index.js'
import { responseUrn } from '../linkedin/index.js'
import type { Clock } from '../util/index.js'
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
  /** Store the lead (REST reads see it) but push no notification: a webhook LinkedIn never sent. */
  readonly withhold?: boolean
}

export interface HistoryRequest {
  readonly count: number
  /** Spread over this many days before now; at most the 365-day retention. */
  readonly days: number
  /** Only this form; otherwise the seeded forms take turns. */
  readonly formId?: number
  /** Share of test leads, placed evenly (floor(count × share) of them); default 0. */
  readonly testShare?: number
}

export interface HistoryResult {
  readonly created: number
  readonly testLeads: number
  /** Epoch ms of the oldest and newest lead created. */
  readonly oldest: number
  readonly newest: number
  /** Leads created per form id. */
  readonly byForm: Readonly<Record<string, number>>
}

const DAY = 86_400_000
export const MAX_HISTORY_DAYS = 365

/** `2000:365d` (or `2000:365`) → { count: 2000, days: 365 }; undefined when malformed or out of range. */
export function parseHistorySpec(text: string): { count: number; days: number } | undefined {
  const match = /^(\d+):(\d+)d?$/.exec(text.trim())
  if (!match) return undefined
  const count = Number(match[1])
  const days = Number(match[2])
  if (count < 1 || days < 1 || days > MAX_HISTORY_DAYS) return undefined
  return { count, days }
}

export class UnknownFormError extends Error {
  override readonly name = 'UnknownFormError'
}

/** The LEAD_ACTION body LinkedIn would push for this lead (LinkedIn Lead Sync API, learn.microsoft.com/en-us/linkedin/marketing/lead-sync/leadsync, lead notification payload). */
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
      if (request.withhold) return { lead, deliveries: [] }
      const deliveries = await sender.deliver(subscriptions.webhooksFor(lead), notificationFor(lead, 'CREATED', now), {
        ...(request.duplicates !== undefined ? { duplicates: request.duplicates } : {}),
      })
      return { lead, deliveries }
    },
    /**
     * Past leads for backfill tests: `count` leads at evenly spaced instants across the last `days` days
     * (the i-th, oldest first, at now − span × (count − i − ½) / count), all inside retention, none pushed.
     */
    seedHistory(request: HistoryRequest): HistoryResult {
      const { count, days } = request
      if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer')
      if (!(days > 0) || days > MAX_HISTORY_DAYS) {
        throw new RangeError(`days must be more than 0 and at most ${MAX_HISTORY_DAYS} (LinkedIn keeps leads 365 days)`)
      }
      const share = request.testShare ?? 0
      if (!(share >= 0 && share <= 1)) throw new RangeError('testShare must be from 0 to 1')
      const forms: [number, SeededForm][] =
        request.formId === undefined ? [...store.forms.entries()] : [chooseForm(request.formId)]
      const now = clock.now().getTime()
      const span = days * DAY
      const byForm: Record<string, number> = {}
      let testLeads = 0
      let oldest = now
      let newest = 0
      for (let i = 0; i < count; i++) {
        const [formId, form] = forms[i % forms.length] as [number, SeededForm]
        const submittedAt = Math.floor(now - (span * (count - i - 0.5)) / count)
        const testLead = Math.floor((i + 1) * share) > Math.floor(i * share)
        store.add(createLead(random, form, { submittedAt, testLead, versionId: random.pick(form.versions).versionId }))
        byForm[formId] = (byForm[formId] ?? 0) + 1
        if (testLead) testLeads++
        oldest = Math.min(oldest, submittedAt)
        newest = Math.max(newest, submittedAt)
      }
      return { created: count, testLeads, oldest, newest, byForm }
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
