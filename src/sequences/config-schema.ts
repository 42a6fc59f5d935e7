import { z } from 'zod'
import { ConditionSchema } from '../routing/index.js'
import { parseWait, type WaitDuration } from './wait-duration.js'

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]

const stepId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, { error: 'step ids are lower-case letters, digits and "-", e.g. "intro"' })

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'must be a time like "08:00" (24:00 for midnight)' })
  .transform((text) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5)))

export const SendWindowSchema = z
  .strictObject({
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    /** Local time in the lead's zone. */
    start: clockTime.default(8 * 60),
    end: clockTime.default(18 * 60),
  })
  .refine((w) => w.start < w.end, { path: ['end'], error: 'end must be after start (same day)' })
export type SendWindow = z.infer<typeof SendWindowSchema>

const waitDuration = z.union([z.number().int().min(0), z.string()]).transform((value, ctx): WaitDuration => {
  const parsed = parseWait(value)
  if (!parsed) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a wait: use 90 (seconds), 2h, 3d or "2 business days"` })
    return z.NEVER
  }
  return parsed
})

const EmailStepSchema = z.strictObject({
  id: stepId,
  type: z.literal('email'),
  /** Liquid; a follow-up in the same thread may leave it out ("Re: " + the thread's subject). */
  subject: z.string().min(1).optional(),
  /** Liquid; also the fallback when a language-model draft fails. */
  body: z.string().min(1),
  /** `llm`: the body and subject are drafted by the configured language model from `brief`. */
  draft: z.enum(['template', 'llm']).default('template'),
  brief: z.string().min(1).optional(),
  /** Whether the owner reviews an LLM draft before it goes; only `false` sends drafts unreviewed. */
  approve: z.boolean().default(true),
  newThread: z.boolean().default(false),
})

export const TASK_KINDS = ['call', 'linkedin-connect', 'linkedin-message', 'custom'] as const
export type TaskKind = (typeof TASK_KINDS)[number]

const TaskStepSchema = z.strictObject({
  id: stepId,
  type: z.literal('task'),
  task: z.enum(TASK_KINDS),
  /** Liquid: what the rep should do. */
  text: z.string().min(1),
  /** Liquid: a drafted message for the rep to send by hand (LinkedIn has no API for it). */
  message: z.string().min(1).optional(),
  /** What the rep can answer when done; defaults by task kind. */
  outcomes: z.array(z.string().min(1)).min(1).optional(),
  /** Outcome → step to start at once. */
  next: z.record(z.string(), stepId).optional(),
})

const WaitStepSchema = z.strictObject({ id: stepId, type: z.literal('wait'), wait: waitDuration })

const StepSchema = z.discriminatedUnion('type', [EmailStepSchema, TaskStepSchema, WaitStepSchema])
export type SequenceStep = z.infer<typeof StepSchema>
export type EmailStep = z.infer<typeof EmailStepSchema>
export type TaskStep = z.infer<typeof TaskStepSchema>

export const DEFAULT_OUTCOMES: Record<TaskKind, readonly string[]> = {
  call: ['connected', 'voicemail', 'no answer'],
  'linkedin-connect': ['accepted', 'no response'],
  'linkedin-message': ['replied', 'no response'],
  custom: ['done'],
}

export const SequenceSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][\w-]{0,63}$/, { error: 'letters, digits, "_" and "-", e.g. hot-follow-up' }),
    /** Same condition language as routing; absent: every routed lead. */
    when: ConditionSchema.optional(),
    /** LinkedIn test submissions are enrolled only when this is true. */
    includeTestLeads: z.boolean().default(false),
    sendWindow: SendWindowSchema.default({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: 480, end: 1080 }),
    /** Extra stop conditions beyond reply, unsubscribe, bounce, outcome, deletion and manual stops. */
    stopOn: z.array(z.enum(['acknowledged'])).default([]),
    /** An out-of-office reply without a readable return date pauses this many days. */
    outOfOfficeDays: z.number().int().min(1).max(60).default(3),
    steps: z.array(StepSchema).min(1),
  })
  .superRefine((sequence, ctx) => {
    const ids = new Set<string>()
    sequence.steps.forEach((step, i) => {
      if (ids.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id` })
      ids.add(step.id)
    })
    let threadStarted = false
    sequence.steps.forEach((step, i) => {
      if (step.type === 'task') {
        for (const [outcome, target] of Object.entries(step.next ?? {})) {
          if (!ids.has(target))
            ctx.addIssue({ code: 'custom', path: ['steps', i, 'next', outcome], message: `no step "${target}"` })
        }
      }
      if (step.type !== 'email') return
      if (!step.subject && (!threadStarted || step.newThread))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'subject'],
          message: 'the first e-mail of a thread needs a subject',
        })
      if (step.draft === 'llm' && !step.brief)
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'brief'], message: 'draft: llm needs a brief' })
      threadStarted = true
    })
  })
export type Sequence = z.infer<typeof SequenceSchema>

export const ComplianceSchema = z.strictObject({
  /** CAN-SPAM: every commercial e-mail carries a valid physical postal address. */
  postalAddress: z.string().min(10).optional(),
  unsubscribeText: z.string().min(1).default('Not interested? Unsubscribe:'),
})

export const LlmSchema = z.strictObject({
  /** An OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1 for Ollama. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  model: z.string().min(1),
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
})
export type LlmConfig = z.infer<typeof LlmSchema>

/** One mailbox the whole team shares for sequence mail; members then give only their own `from`. */
export const SharedMailboxSchema = z.strictObject({
  smtpUrl: z.string().regex(/^smtps?:\/\/.+/, { error: 'must be smtp://… or smtps://…' }),
  imapUrl: z
    .string()
    .regex(/^imaps?:\/\/.+/, { error: 'must be imap://… or imaps://…' })
    .optional(),
  dailyLimit: z.number().int().min(1).default(200),
  minGapSeconds: z.number().int().min(0).default(0),
  /** How often the IMAP inbox is checked when the server offers no IDLE (and as a safety net when it does). */
  pollSeconds: z.number().int().min(1).default(60),
})

/** The `sequences`, `compliance`, `llm` and `mailbox` parts of the config, as `createSequences` takes them. */
export const SequencesConfigShape = {
  sequences: z.array(SequenceSchema).default([]),
  compliance: ComplianceSchema.default({ unsubscribeText: 'Not interested? Unsubscribe:' }),
  llm: LlmSchema.optional(),
  mailbox: SharedMailboxSchema.optional(),
}

/** Cross-checks against the rest of the config; each problem names its path. */
export function checkSequences(config: {
  readonly sequences: readonly Sequence[]
  readonly compliance: { readonly postalAddress?: string | undefined }
  readonly llm?: LlmConfig | undefined
  readonly team?: { readonly members: readonly { readonly id: string }[] } | undefined
}): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = []
  const names = new Set<string>()
  config.sequences.forEach((sequence, i) => {
    if (names.has(sequence.name)) problems.push({ path: ['sequences', i, 'name'], message: 'duplicate sequence name' })
    names.add(sequence.name)
    if (!config.team) problems.push({ path: ['team'], message: 'sequences need a team: e-mails go from the owner' })
    sequence.steps.forEach((step) => {
      if (step.type !== 'email') return
      if (!config.compliance.postalAddress)
        problems.push({
          path: ['compliance', 'postalAddress'],
          message: `sequence "${sequence.name}" sends e-mail (step "${step.id}"): CAN-SPAM needs your postal address in every message`,
        })
    })
  })
  return problems.filter((p, i) => problems.findIndex((q) => q.message === p.message) === i)
}
