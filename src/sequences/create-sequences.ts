import type { FastifyPluginAsync } from 'fastify'
import {
  channelConfigs,
  createDeliverHandler,
  createSlackDirectMessenger,
  type DeliverySender,
} from '../channels/index.js'
import type { Config } from '../config/index.js'
import type { JobHandlers } from '../jobs/index.js'
import type { LeadFacts, Team } from '../routing/index.js'
import { type LeadRow, type Store, sequencesRepository } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { sequencesApiRoutes } from './api-routes.js'
import type { LlmConfig, Sequence } from './config-schema.js'
import { createCrmTaskBuilder } from './crm-task.js'
import { enrolLead } from './enrol-lead.js'
import { createLlmDrafter } from './llm-draft.js'
import { createTransports, resolveMailboxes, type SharedMailbox } from './mailboxes.js'
import { SEQUENCE_MAIL_CHANNEL } from './queue-email.js'
import { createReplyWatcher } from './reply-watcher.js'
import { createStepHandler } from './run-step.js'
import type { SequenceRuntime } from './runtime.js'
import { createSequenceMailSender } from './send-email.js'
import { createSequenceNoticeSender } from './send-notice.js'
import { createSlackActions } from './slack-actions.js'
import { createStepTemplates } from './step-templates.js'
import { OUTCOME_STOPS, type StopReason, stopInTransaction, stopSequence } from './stop-sequence.js'
import { SEQUENCE_NOTICE_CHANNEL } from './task-step.js'
import { unsubscribeRoutes } from './unsubscribe-routes.js'

type Executor = Parameters<typeof enrolLead>[0]

export interface SequencesConfig {
  readonly sequences: readonly Sequence[]
  readonly compliance: { readonly postalAddress?: string | undefined; readonly unsubscribeText: string }
  readonly llm?: LlmConfig | undefined
  readonly mailbox?: SharedMailbox | undefined
  readonly team?: Team | undefined
  /** Zone for leads whose own zone is unknown and whose owner is unknown. */
  readonly defaultTimeZone: string
  /** Public base URL of this LeadRelay (unsubscribe links, links in notices). */
  readonly baseUrl: string
  /** A Slack bot token for task notices and draft reviews by DM. */
  readonly slack?: { readonly botToken: string; readonly apiUrl: string } | undefined
  /** CRM channel names: each task step becomes a task there too. */
  readonly crmChannels?: readonly string[] | undefined
}

/** The builder's slice of the configuration: sequences, compliance, llm, the shared mailbox and the team. */
export function sequencesConfigFrom(config: Config): SequencesConfig {
  const bot = config.channels.find((c) => c.type === 'slack' && c.botToken !== undefined)
  return {
    sequences: config.sequences,
    compliance: config.compliance,
    llm: config.llm,
    mailbox: config.mailbox,
    team: config.team,
    defaultTimeZone: config.display.timeZone,
    baseUrl: config.server.publicUrl ?? `http://localhost:${config.server.port}`,
    slack: bot?.type === 'slack' && bot.botToken ? { botToken: bot.botToken, apiUrl: bot.apiUrl } : undefined,
    crmChannels: channelConfigs(config)
      .filter((c) => c.type === 'hubspot' || c.type === 'salesforce')
      .map((c) => c.name),
  }
}

export interface SequencesDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  /** This installation's signing key. */
  readonly key: () => Promise<Buffer>
  readonly fetch?: typeof globalThis.fetch
}

/**
 * Follow-up sequences: enrolment when a lead is routed, one queued job per step, e-mails from the owner's
 * mailbox through the delivery path, tasks for the rep, replies and bounces read over IMAP, and stops.
 * Nothing is sent and no mailbox is read when no sequence is configured.
 */
export function createSequences(config: SequencesConfig, deps: SequencesDeps) {
  const transports = createTransports()
  const rt: SequenceRuntime = {
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    sequences: new Map(config.sequences.map((s) => [s.name, s])),
    team: config.team,
    mailboxes: resolveMailboxes(config.team, config.mailbox),
    templates: createStepTemplates(config.sequences),
    compliance: config.compliance,
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    key: deps.key,
    transports,
    crmChannels: config.crmChannels ?? [],
    // No personal data goes to a language model unless one is configured.
    llm: config.llm ? createLlmDrafter({ ...config.llm, ...(deps.fetch ? { fetch: deps.fetch } : {}) }) : undefined,
    slackDm: config.slack
      ? createSlackDirectMessenger({
          botToken: config.slack.botToken,
          apiUrl: config.slack.apiUrl,
          clock: deps.clock,
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
        })
      : undefined,
  }
  const watcher = createReplyWatcher(rt)
  const enabled = config.sequences.length > 0

  const senders = new Map<string, DeliverySender>([
    [SEQUENCE_MAIL_CHANNEL, createSequenceMailSender(rt)],
    [SEQUENCE_NOTICE_CHANNEL, createSequenceNoticeSender(rt)],
  ])
  // The same settling as the pipeline's deliver job, for the first attempt the step job makes itself.
  const deliver = createDeliverHandler({ ...deps, channels: new Map(), buildAlert: async () => undefined, senders })
  const handlers: JobHandlers = { 'sequence-step': createStepHandler(rt, deliver) }
  const publicRoutes: FastifyPluginAsync = async (app) => app.register(unsubscribeRoutes, { rt })
  const apiRoutes: FastifyPluginAsync = async (app) => app.register(sequencesApiRoutes, { rt })
  const routes = { public: [publicRoutes], api: [apiRoutes] }

  return {
    runtime: rt,
    handlers,
    senders,
    /** For the deliver job: the CRM task of a task step's `sequence-task` / `sequence-task-done` delivery. */
    crmTasks: createCrmTaskBuilder(rt),
    /** The unsubscribe pages (public) and the JSON API (behind the API token). */
    routes,
    /** For `/slack/interactivity`: the buttons on task notices and draft reviews. */
    slackActions: createSlackActions(rt),
    /** For `routeAndAlert`'s `onRouted`: enrols the lead in the first sequence it matches. */
    onRouted: enabled
      ? (trx: Executor, lead: LeadRow, facts: LeadFacts, ownerId: string | null, now: Date) =>
          enrolLead(
            trx,
            { sequences: config.sequences, team: config.team, defaultTimeZone: config.defaultTimeZone },
            lead,
            facts,
            ownerId,
            now,
          )
      : undefined,
    /**
     * For the outcomes feature's hook (in its transaction): `qualified`, `disqualified`, `won` and `lost` stop
     * the lead's sequence; other stages (e.g. `contacted`) leave it running.
     */
    onOutcome: async (trx: Executor, leadId: string, stage: string): Promise<void> => {
      if ((OUTCOME_STOPS as readonly string[]).includes(stage))
        await stopInTransaction(trx, leadId, stage as StopReason, deps.clock.now().getTime(), 'outcome recorded')
    },
    /**
     * For the pipeline's acknowledgement hook (in its transaction): a sequence with `stopOn: [acknowledged]`
     * stops the moment the owner acknowledges, so no pending step goes out after it.
     */
    onAcknowledged: async (
      trx: Executor,
      ack: { readonly leadId: string; readonly by: string; readonly at: number },
    ) => {
      const enrolment = enabled ? await sequencesRepository.getEnrolmentByLead(trx, ack.leadId) : undefined
      if (enrolment && rt.sequences.get(enrolment.sequence)?.stopOn.includes('acknowledged'))
        await stopInTransaction(trx, ack.leadId, 'acknowledged', ack.at, `by ${ack.by}`)
    },
    /** Stops the lead's sequence for a reason (outcomes, Slack, the dashboard); see STOP_REASONS. */
    stop: (leadId: string, reason: StopReason, detail?: string) =>
      stopSequence(deps.store, leadId, reason, deps.clock.now().getTime(), detail),
    /** Starts watching the mailboxes for replies (worker role). */
    start() {
      if (enabled) watcher.start()
    },
    async close() {
      await watcher.stop()
      transports.close()
    },
  }
}
export type Sequences = ReturnType<typeof createSequences>
