import type { LeadAlert, OpsMessage } from './channel.js'
import { defangAlert } from './defang-alert.js'

/** Block Kit limits we build within (docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = { headerText: 150, sectionText: 3000, fieldText: 2000, buttonText: 75, blocks: 50 } as const

/** The outcome buttons beside "I'm on it"; "Not a fit" disqualifies with the first configured reason. */
export const OUTCOME_BUTTONS = [
  ['contacted', 'Contacted'],
  ['qualified', 'Qualified'],
  ['disqualified', 'Not a fit'],
] as const

/** How many leads a digest lists one by one before "and N more". */
export const DIGEST_LISTED = 20

type Text = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string }
export type SlackBlock =
  | { type: 'header'; text: Text }
  | { type: 'section'; text?: Text; fields?: Text[] }
  | { type: 'context'; elements: Text[] }
  | { type: 'divider' }
  | {
      type: 'actions'
      elements: { type: 'button'; text: Text; action_id: string; url?: string; value?: string; style?: string }[]
    }

export interface SlackMessage {
  readonly text: string
  readonly blocks: readonly SlackBlock[]
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters: a lead named `<!channel>` must not ping everyone. */
export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`
}

const plain = (text: string, max: number): Text => ({ type: 'plain_text', text: truncate(text, max), emoji: true })
const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): Text => ({
  type: 'mrkdwn',
  text: truncate(text, max),
})

function ownerMention(alert: LeadAlert): string {
  if (!alert.owner) return 'unassigned'
  return alert.owner.slackUserId ? `<@${alert.owner.slackUserId}>` : escapeMrkdwn(alert.owner.name)
}

function role(alert: LeadAlert): string {
  const parts = [alert.jobTitle, alert.company && `at ${alert.company}`].filter(Boolean)
  return parts.join(' ')
}

function headline(alert: LeadAlert): string {
  const marks = [alert.test ? 'TEST' : '', alert.kind === 'escalation' ? 'Escalation' : ''].filter(Boolean)
  const prefix = marks.length ? `${marks.join(' · ')} · ` : ''
  return `${prefix}${alert.priority.toUpperCase()} lead: ${alert.name}`
}

/** One lead as a Block Kit message: who, how good, where from, whose, and the "I'm on it" button. */
export function leadMessage(given: LeadAlert): SlackMessage {
  const alert = defangAlert(given)
  const who = role(alert)
  const source = [alert.formName, alert.campaign].filter(Boolean).join(' / ') || 'unknown'
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(headline(alert), SLACK_LIMITS.headerText) }]
  if (alert.test) {
    blocks.push({ type: 'context', elements: [mrkdwn('*TEST* lead from LinkedIn: not a real prospect.')] })
  }
  if (alert.escalation) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          `*Escalation:* nobody has acted on this lead for ${alert.escalation.minutesWaiting} minutes ` +
            `(level ${alert.escalation.level}).`,
        ),
      ],
    })
  }
  blocks.push(
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(alert.name)}*${who ? `\n${escapeMrkdwn(who)}` : ''}`) },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Score*\n${alert.score} (${alert.priority.toUpperCase()})`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Source*\n${escapeMrkdwn(source)}`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Submitted*\n${escapeMrkdwn(alert.submittedAtShown ?? 'unknown')}`, SLACK_LIMITS.fieldText),
        mrkdwn(`*Owner*\n${ownerMention(alert)}`, SLACK_LIMITS.fieldText),
      ],
    },
  )
  if (alert.scoreReasons.length || alert.routingReason) {
    const why = [alert.scoreReasons.join(', '), alert.routingReason && `Routed: ${alert.routingReason}`]
    blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(why.filter(Boolean).join(' · ')))] })
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: plain("I'm on it", 75),
        action_id: 'ack',
        url: alert.ackUrl,
        value: alert.leadId,
        style: 'primary',
      },
      { type: 'button', text: plain('View lead', 75), action_id: 'view', url: alert.leadUrl },
      // Outcomes need Slack interactivity (POST /slack/interactivity); the stage is in the action id.
      ...OUTCOME_BUTTONS.map(([stage, label]) => ({
        type: 'button' as const,
        text: plain(label, 75),
        action_id: `outcome:${stage}`,
        value: alert.leadId,
      })),
    ],
  })
  const text =
    `${escapeMrkdwn(headline(alert))}${who ? `, ${escapeMrkdwn(who)}` : ''} (score ${alert.score})` +
    ` for ${ownerMention(alert)}`
  return { text, blocks }
}

/**
 * A burst as one message: Slack allows about one message per second per channel, so thirty alerts become one
 * digest that lists the first {@link DIGEST_LISTED} leads (each with its own "I'm on it" link) and counts the rest.
 */
export function digestMessage(given: readonly LeadAlert[]): SlackMessage {
  const alerts = given.map(defangAlert)
  const counts = { hot: 0, warm: 0, cold: 0 }
  for (const alert of alerts) counts[alert.priority]++
  const tests = alerts.filter((a) => a.test).length
  const testMark = tests === alerts.length ? 'TEST · ' : ''
  const summary = `${alerts.length} new lead${alerts.length === 1 ? '' : 's'}: ${counts.hot} hot, ${counts.warm} warm, ${counts.cold} cold`
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(`${testMark}${summary}`, SLACK_LIMITS.headerText) }]
  if (tests > 0) {
    blocks.push({ type: 'context', elements: [mrkdwn(`Includes ${tests} *TEST* lead${tests === 1 ? '' : 's'}.`)] })
  }
  for (const alert of alerts.slice(0, DIGEST_LISTED)) {
    const who = role(alert)
    const line =
      `${alert.test ? '[TEST] ' : ''}${alert.kind === 'escalation' ? '[Escalation] ' : ''}` +
      `*${alert.priority.toUpperCase()} ${alert.score}* · ${escapeMrkdwn(alert.name)}${who ? `, ${escapeMrkdwn(who)}` : ''}` +
      ` · ${ownerMention(alert)} · <${alert.ackUrl}|I'm on it>`
    blocks.push({ type: 'section', text: mrkdwn(line) })
  }
  const rest = alerts.length - DIGEST_LISTED
  if (rest > 0) blocks.push({ type: 'context', elements: [mrkdwn(`and ${rest} more`)] })
  return { text: `${testMark}${summary}`, blocks }
}

/** An operator alert: one section of plain text (no lead data in it). */
export function opsMessage(message: OpsMessage): SlackMessage {
  const text = `LeadRelay: ${message.text}`
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(text, SLACK_LIMITS.sectionText)) } },
    ],
  }
}
