import type { Routing, Scoring, Team } from '../routing/index.js'

/** What scoring, routing, alerting and escalation need from the configuration, gathered once. */
export interface AlertSettings {
  readonly team: Team | undefined
  readonly scoring: Scoring
  readonly routing: Routing
  /** Every configured channel, in order; `sendTestLeads: false` mutes test leads there. */
  readonly channels: readonly { readonly name: string; readonly sendTestLeads: boolean; readonly deletes?: boolean }[]
  /** Minutes without acknowledgement before escalating, by priority; 0 never escalates. */
  readonly escalationMinutes: Readonly<Record<'hot' | 'warm' | 'cold', number>>
}

/** Level 1 re-alerts the owner; level 2 tells the owner's manager or the fallback owner. */
export const ESCALATION_LEVELS = 2
