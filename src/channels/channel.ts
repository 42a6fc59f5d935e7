/**
 * One small interface for every destination (Slack, e-mail, Teams, outgoing webhooks, CRMs).
 * Adapters send; they never retry, sleep or decide about dead letters: the deliver job does.
 */
export type DeliveryOutcome =
  | { readonly kind: 'delivered'; readonly externalId?: string }
  /** Transient (429, 502/503/504, timeout, network): try again, not before `notBefore` when given. */
  | { readonly kind: 'retry'; readonly reason: string; readonly notBefore?: Date }
  /** Permanent for this message (other 4xx, a redirect, a bad address): dead-letter now. */
  | { readonly kind: 'rejected'; readonly reason: string }
  /** 410 Gone: the destination no longer exists; disable it and tell an operator. */
  | { readonly kind: 'gone'; readonly reason: string }

export type Priority = 'hot' | 'warm' | 'cold'

/** A team member as alerts need them. */
export interface AlertOwner {
  readonly id: string
  readonly name: string
  readonly email?: string | undefined
  readonly slackUserId?: string | undefined
}

/** What an alert says about one lead; built once per lead, rendered by each channel. */
export interface LeadAlert {
  readonly kind: 'new-lead' | 'escalation'
  readonly leadId: string
  readonly leadUrn: string
  readonly test: boolean
  readonly name: string
  readonly firstName: string | null
  readonly lastName: string | null
  readonly email: string | null
  readonly phone: string | null
  readonly jobTitle: string | null
  readonly company: string | null
  readonly companySize: string | null
  readonly state: string | null
  readonly score: number
  readonly priority: Priority
  /** Why the score: rule names and points, e.g. "Decision maker +30". */
  readonly scoreReasons: readonly string[]
  readonly leadType: string | null
  readonly formName: string | null
  readonly campaign: string | null
  /** "MM/DD/YYYY hh:mm AM/PM TZ" in the configured zone. */
  readonly submittedAtShown: string | null
  readonly owner: AlertOwner | null
  /** Why this owner, in one line. */
  readonly routingReason: string
  /** Signed, expiring "I'm on it" link. */
  readonly ackUrl: string
  /** Where to see the lead in LeadRelay. */
  readonly leadUrl: string
  /** For escalations: how long nobody acted, and who is being told. */
  readonly escalation?: { readonly minutesWaiting: number; readonly level: number } | undefined
  /**
   * Every normalised lead field by LeadRelay's name (firstName, lastName, email, workEmail, phoneE164, jobTitle,
   * company, city, state, postalCode, country, industry…), for CRM field mapping. Optional: alert-only channels
   * ignore it, and CRM adapters fall back to the named fields above when it is absent.
   */
  readonly fields?: Readonly<Record<string, string | null>> | undefined
  /** Answers to the form's custom questions, in form order. */
  readonly customAnswers?: readonly { readonly question: string; readonly answer: string }[] | undefined
  /** When the prospect submitted the form, ISO 8601 (UTC). */
  readonly submittedAt?: string | undefined
  /** For `conversion:<stage>` deliveries: the outcome LinkedIn's Conversions API is told about. */
  readonly conversion?: ConversionFacts | undefined
}

export interface ConversionFacts {
  readonly stage: string
  /** Epoch ms: when the lead reached the stage. */
  readonly happenedAt: number
  readonly amount: number | null
  readonly currency: string | null
}

/** An operator alert (LinkedIn silent, a token expiring, a channel gone…): plain text, no lead data. */
export interface OpsMessage {
  /** `ops:<key>:<raisedAt>`: the same for every destination and attempt of one raising. */
  readonly id: string
  readonly key: string
  /** One line for a person, with what to do. */
  readonly text: string
  readonly raisedAt: Date
}

/** A LinkedIn DELETED event, as it reaches a channel that wrote the lead somewhere. */
export interface DeletionRequest {
  readonly leadId: string
  readonly leadUrn: string
  /** The record id our create returned (DeliveryOutcome.externalId), when the delivery recorded one. */
  readonly externalId: string | null
}

/** Who owns this person or company in a CRM already (existing-owner routing). */
export interface OwnerQuery {
  readonly email: string | null
  readonly domain: string | null
}

export interface SendContext {
  /** Deterministic per (lead, channel, kind): the same on every attempt, so receivers can dedupe. */
  readonly idempotencyKey: string
  /** 1 on the first attempt. */
  readonly attempt: number
  readonly signal: AbortSignal
}

/**
 * A sequence's task step as a CRM task for the owner, on the record the lead's new-lead delivery wrote there.
 * `completed` marks the task made under `taskKey` done (the rep pressed done in Slack or on the dashboard).
 */
export interface CrmTask {
  readonly leadId: string
  /** The CRM record of the lead (HubSpot contact id, Salesforce Lead id), from its delivered new-lead. */
  readonly recordId: string
  /** The team member the task is for; the channel maps them to its own user id. */
  readonly ownerMemberId: string
  readonly call: boolean
  readonly subject: string
  /** The drafted message, when the step has one. */
  readonly body: string | null
  readonly due: Date
  readonly status: 'open' | 'completed'
  /** The idempotency key of the delivery that created the task (what a CRM keys it by). */
  readonly taskKey: string
  /** The CRM's task id, when the creating delivery recorded one. */
  readonly taskId: string | null
}

/** A task delivery's task, or why not (now). */
export type TaskToSend =
  | { readonly kind: 'task'; readonly task: CrmTask }
  /** The lead's record is not in this CRM yet: look again then, without spending one of the delivery's attempts. */
  | { readonly kind: 'wait'; readonly reason: string; readonly notBefore: Date }
  /** Rightly nothing to do (the lead is not in this CRM, a test lead, the step was withdrawn): muted. */
  | { readonly kind: 'cancelled'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly reason: string }

/** A lead LeadRelay wrote to a CRM, as the CRM holds it now (outcome read-back). */
export interface CrmLeadState {
  readonly leadId: string
  /** HubSpot `hs_lead_status`; Salesforce Lead `Status`. */
  readonly leadStatus: string | null
  /** HubSpot `lifecyclestage`. */
  readonly lifecycleStage?: string | null | undefined
  /** Salesforce Lead `IsConverted`. */
  readonly converted?: boolean | undefined
  /** Salesforce: the converted Opportunity's `StageName`, `Amount` and currency. */
  readonly opportunity?: {
    readonly stage: string | null
    readonly amount: number | null
    readonly currency: string | null
  } | null
  /** When the CRM last saw a sales activity with the person (HubSpot `notes_last_contacted`), epoch ms. */
  readonly lastContactedAt?: number | null | undefined
}

/** Channels whose delivered new-lead message is "the alert" a person acts on (reports' time to alert). */
export const SALES_ALERT_TYPES: ReadonlySet<Channel['type']> = new Set(['slack', 'email', 'teams', 'webhook'])

export interface Channel {
  /** Unique name from config, e.g. `slack`, `sales-email`, `crm-webhook`. */
  readonly name: string
  readonly type: 'slack' | 'email' | 'webhook' | 'teams' | 'hubspot' | 'salesforce' | 'linkedin-conversions'
  /** Deliver test leads too (marked TEST)? Channels may mute them. */
  readonly sendTestLeads: boolean
  send(alert: LeadAlert, context: SendContext): Promise<DeliveryOutcome>
  /** Several alerts at once, when a burst backed up (Slack: one digest message). Optional. */
  sendDigest?(alerts: readonly LeadAlert[], context: SendContext): Promise<DeliveryOutcome>
  /** An operator alert; channels that can carry one (Slack, e-mail, webhooks) implement it. Same outcomes as `send`. */
  sendOps?(message: OpsMessage, context: SendContext): Promise<DeliveryOutcome>
  /** Remove (or clear) what `send` wrote, for a LinkedIn DELETED event. CRMs only; same outcomes as `send`. */
  deleteLead?(request: DeletionRequest, context: SendContext): Promise<DeliveryOutcome>
  /**
   * The CRM owner of this person (by e-mail), else of their company (by domain); null when there is none.
   * Throws when the CRM cannot be asked (auth, rate limit, network): routing then falls through to its next rule.
   */
  findOwner?(query: OwnerQuery, signal: AbortSignal): Promise<{ readonly crmOwnerId: string } | null>
  /** CRMs: creates (once per idempotency key) or completes a sequence's task for the owner. */
  sendTask?(task: CrmTask, context: SendContext): Promise<DeliveryOutcome>
  /**
   * CRMs: the current state of records this channel created (`externalId` from the delivery), for outcome
   * read-back. Records the CRM no longer has are left out. Throws when the CRM cannot be asked.
   */
  readOutcomes?(
    records: readonly { readonly leadId: string; readonly externalId: string }[],
    signal: AbortSignal,
  ): Promise<readonly CrmLeadState[]>
}
