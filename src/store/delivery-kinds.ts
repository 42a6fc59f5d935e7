/**
 * What a delivery carries, as stored in `deliveries.kind`. Each kind says once what the deliver job does
 * with it, so no caller parses a kind string.
 */
export const DELIVERY_KINDS = {
  'new-lead': { action: 'alert', escalationLevel: 0 },
  'escalation-1': { action: 'alert', escalationLevel: 1 },
  'escalation-2': { action: 'alert', escalationLevel: 2 },
  /** Erase in a CRM what its `new-lead` delivery wrote (LinkedIn DELETED). */
  delete: { action: 'delete', escalationLevel: 0 },
  /** An operator alert; the delivery's `lead_id` holds the alert's id (`ops:<key>:<raisedAt>`). */
  ops: { action: 'ops', escalationLevel: 0 },
  /** An outcome to LinkedIn's Conversions API, one per lead and stage (built like an alert, from the lead). */
  'conversion:contacted': { action: 'alert', escalationLevel: 0 },
  'conversion:qualified': { action: 'alert', escalationLevel: 0 },
  'conversion:disqualified': { action: 'alert', escalationLevel: 0 },
  'conversion:won': { action: 'alert', escalationLevel: 0 },
  'conversion:lost': { action: 'alert', escalationLevel: 0 },
  /**
   * A follow-up sequence's e-mail, task notice or draft review. Its idempotency key is the step's own key
   * (`seq:<enrolment>:<step>`, `review:<enrolment>:<step>`), which its sender reads.
   */
  'sequence-email': { action: 'sequence', escalationLevel: 0 },
  'sequence-notice': { action: 'sequence', escalationLevel: 0 },
  /**
   * A sequence's task step as a task in a CRM channel (`seq:<enrolment>:<step>:<channel>`), and marking that
   * task completed (`…:done`) once the rep has done it.
   */
  'sequence-task': { action: 'task', escalationLevel: 0 },
  'sequence-task-done': { action: 'task', escalationLevel: 0 },
} as const satisfies Record<
  string,
  { action: 'alert' | 'delete' | 'ops' | 'sequence' | 'task'; escalationLevel: number }
>

export type DeliveryKind = keyof typeof DELIVERY_KINDS
export type DeliveryAction = (typeof DELIVERY_KINDS)[DeliveryKind]['action']
/** Kinds that alert a person about a lead. */
export type AlertKind = {
  [K in DeliveryKind]: (typeof DELIVERY_KINDS)[K]['action'] extends 'alert' ? K : never
}[DeliveryKind]

const ESCALATION_KINDS = { 1: 'escalation-1', 2: 'escalation-2' } as const satisfies Record<number, AlertKind>
export type EscalationLevel = keyof typeof ESCALATION_KINDS

export function escalationKind(level: EscalationLevel): AlertKind {
  return ESCALATION_KINDS[level]
}

export function isAlertKind(kind: DeliveryKind): kind is AlertKind {
  return DELIVERY_KINDS[kind].action === 'alert'
}
