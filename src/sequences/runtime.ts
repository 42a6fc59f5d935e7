import type { SlackDirectMessenger } from '../channels/index.js'
import type { Team } from '../routing/index.js'
import { type LeadRow, leadsRepository, type Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import type { Sequence } from './config-schema.js'
import type { LlmDrafter } from './llm-draft.js'
import type { ResolvedMailbox, Transports } from './mailboxes.js'
import { type StepTemplates, type StepVariables, stepVariables } from './step-templates.js'

/** What every part of the sequences folder shares; built once by `createSequences`. */
export interface SequenceRuntime {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly sequences: ReadonlyMap<string, Sequence>
  readonly team: Team | undefined
  readonly mailboxes: ReadonlyMap<string, ResolvedMailbox>
  readonly templates: StepTemplates
  readonly compliance: { readonly postalAddress?: string | undefined; readonly unsubscribeText: string }
  /** Where links in e-mails point (unsubscribe). */
  readonly baseUrl: string
  /** This installation's signing key (unsubscribe links, Message-IDs). */
  readonly key: () => Promise<Buffer>
  readonly transports: Transports
  readonly llm: LlmDrafter | undefined
  /** CRM channels (HubSpot, Salesforce) that get each task step as a task for the owner. */
  readonly crmChannels: readonly string[]
  /** Task notices and draft reviews by Slack DM; absent: they are on the dashboard and API only. */
  readonly slackDm: SlackDirectMessenger | undefined
}

/** The template variables for a lead and its owner. */
export function variablesFor(rt: SequenceRuntime, lead: LeadRow, ownerId: string, sequence: string): StepVariables {
  const owner = rt.team?.members.find((m) => m.id === ownerId)
  const fields = JSON.parse(lead.fields ?? '{}') as Record<string, string | null>
  const answers = JSON.parse(lead.custom_answers ?? '[]') as { question: string; answer: string }[]
  return stepVariables(fields, Array.isArray(answers) ? answers : [], owner ?? { name: ownerId }, sequence)
}

export async function timeline(rt: SequenceRuntime, leadId: string, kind: string, detail: string, at?: number) {
  await leadsRepository.addTimeline(rt.store.db, leadId, kind, at ?? rt.clock.now().getTime(), detail)
}
