import type { Generated, Selectable } from 'kysely'

export const ENROLMENT_STATES = ['active', 'paused', 'finished', 'stopped'] as const
export type EnrolmentState = (typeof ENROLMENT_STATES)[number]

export const STEP_STATES = ['pending', 'due', 'awaiting-approval', 'sent', 'done', 'skipped'] as const
export type StepState = (typeof STEP_STATES)[number]

export interface SequenceEnrolmentTable {
  id: Generated<number>
  lead_id: string
  sequence: string
  owner_id: string
  lead_email: string | null
  /** ENCRYPT_PERSONAL_DATA: keyed hash of lead_email, written with it (see personal-data.ts); else null. */
  lead_email_hash: Generated<string | null>
  time_zone: string
  state: EnrolmentState
  stop_reason: string | null
  paused_until: number | null
  enrolled_at: number
  updated_at: number
}

export interface SequenceStepTable {
  enrolment_id: number
  step_id: string
  position: number
  type: string
  state: StepState
  due_at: number | null
  done_at: number | null
  message_id: string | null
  smtp_accepted_at: number | null
  subject: string | null
  body: string | null
  draft_source: string | null
  draft_model: string | null
  prompt_version: string | null
  outcome: string | null
  detail: string | null
}

export type ReplyKind = 'reply' | 'auto-reply' | 'out-of-office' | 'bounce'

export interface SequenceReplyTable {
  id: Generated<number>
  enrolment_id: number | null
  lead_id: string | null
  mailbox: string
  message_id: string
  kind: ReplyKind
  from_address: string | null
  subject: string | null
  snippet: string | null
  received_at: number
}

export interface EmailSuppressionTable {
  address: string
  reason: string
  at: number
}

export interface MailboxStateTable {
  mailbox: string
  uid_validity: string | null
  last_uid: number
  next_send_at: number
  day: string | null
  sent_today: number
}

export interface SequenceTables {
  sequence_enrolments: SequenceEnrolmentTable
  sequence_steps: SequenceStepTable
  sequence_replies: SequenceReplyTable
  email_suppressions: EmailSuppressionTable
  mailbox_states: MailboxStateTable
}

export type EnrolmentRow = Selectable<SequenceEnrolmentTable>
export type StepRow = Selectable<SequenceStepTable>
export type ReplyRow = Selectable<SequenceReplyTable>
