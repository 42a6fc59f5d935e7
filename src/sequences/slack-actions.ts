import type { SlackDirectMessage } from '../channels/index.js'
import { approveDraft, skipStepByHand } from './review-draft.js'
import type { SequenceRuntime } from './runtime.js'
import { stopSequence } from './stop-sequence.js'
import { completeTask } from './task-step.js'

// Slack wants action ids unique within a message; the suffix tells buttons of one kind apart.
const ACTION = /^seq-(task-done|draft-approve|draft-skip|stop)(-\d+)?$/

const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger') => ({
  type: 'button',
  text: { type: 'plain_text', text: text.slice(0, 75) },
  action_id: actionId,
  value,
  ...(style ? { style } : {}),
})

/** The notice as Block Kit: the text, then a button per task outcome (or approve / skip for a draft), and stop. */
export function noticeMessage(
  text: string,
  leadId: string,
  stepId: string,
  kind: 'task' | 'review',
  outcomes: readonly string[],
): SlackDirectMessage {
  const value = (extra = '') => JSON.stringify({ lead: leadId, step: stepId, ...(extra ? { outcome: extra } : {}) })
  const buttons =
    kind === 'review'
      ? [button('Approve and send', 'seq-draft-approve', value(), 'primary'), button('Skip', 'seq-draft-skip', value())]
      : outcomes.slice(0, 20).map((o, i) => button(o, `seq-task-done-${i}`, value(o), i === 0 ? 'primary' : undefined))
  return {
    text: text.slice(0, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
      { type: 'actions', elements: [...buttons, button('Stop sequence', 'seq-stop', value(), 'danger')] },
    ],
  }
}

/** What the buttons of sequence notices do, from Slack's interactivity request (signature already checked). */
export function createSlackActions(rt: SequenceRuntime) {
  return async (
    action: { readonly actionId: string; readonly value: string },
    by: string,
  ): Promise<string | undefined> => {
    const kind = ACTION.exec(action.actionId)?.[1]
    if (!kind) return undefined
    let value: { lead?: unknown; step?: unknown; outcome?: unknown }
    try {
      value = JSON.parse(action.value)
    } catch {
      return 'That button is not one LeadRelay made.'
    }
    if (typeof value.lead !== 'string' || typeof value.step !== 'string')
      return 'That button is not one LeadRelay made.'
    const via = `slack, ${by}`
    switch (kind) {
      case 'task-done': {
        const done = await completeTask(rt, value.lead, value.step, String(value.outcome ?? ''), via)
        if (done.kind === 'done')
          return `Marked done: ${String(value.outcome)}${done.started ? ` (started ${done.started})` : ''}.`
        return done.kind === 'not-open' ? 'That task was done already.' : 'That task no longer exists.'
      }
      case 'draft-approve':
        return (await approveDraft(rt, value.lead, value.step, {}, via)) === 'approved'
          ? 'Approved: the e-mail goes out in the send window.'
          : 'That draft is not waiting for approval any more.'
      case 'draft-skip':
        return (await skipStepByHand(rt, value.lead, value.step, via)) === 'skipped' ? 'Skipped.' : 'Nothing to skip.'
      default:
        return (await stopSequence(rt.store, value.lead, 'manual', rt.clock.now().getTime(), via)) === 'stopped'
          ? 'Sequence stopped.'
          : 'The sequence had ended already.'
    }
  }
}
