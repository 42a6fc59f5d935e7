import type { LeadAlert } from './channel.js'
import { defangAlert } from './defang-alert.js'

/** The Adaptive Card version Teams renders on desktop, web and mobile. */
export const ADAPTIVE_CARD_VERSION = '1.4'
export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json'

export type CardElement =
  | {
      type: 'TextBlock'
      text: string
      wrap?: boolean
      size?: 'Small' | 'Default' | 'Medium' | 'Large'
      weight?: 'Default' | 'Bolder'
      color?: 'Default' | 'Attention' | 'Warning' | 'Good' | 'Accent'
      isSubtle?: boolean
      spacing?: 'None' | 'Small' | 'Medium'
    }
  | { type: 'FactSet'; facts: { title: string; value: string }[] }

export interface AdaptiveCard {
  $schema: string
  type: 'AdaptiveCard'
  version: string
  body: CardElement[]
  actions: { type: 'Action.OpenUrl'; title: string; url: string }[]
}

/** What a Teams Workflows ("When a Teams webhook request is received") or incoming webhook URL accepts. */
export interface TeamsMessage {
  type: 'message'
  attachments: { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }[]
}

/**
 * TextBlock and FactSet text is Markdown in Teams: a lead named `[Click](https://…)` must not become a link, so
 * the characters that start emphasis or links are escaped.
 */
export function escapeCardMarkdown(value: string): string {
  return value.replace(/([\\*_[\]`])/g, '\\$1')
}

function headline(alert: LeadAlert): string {
  const marks = [alert.test ? 'TEST' : '', alert.kind === 'escalation' ? 'Escalation' : ''].filter(Boolean)
  const prefix = marks.length ? `${marks.join(' · ')} · ` : ''
  return `${prefix}${alert.priority.toUpperCase()} lead: ${alert.name}`
}

/** One lead as an Adaptive Card with the same facts as the Slack alert and the "I'm on it" link. */
export function teamsLeadMessage(given: LeadAlert): TeamsMessage {
  const alert = defangAlert(given)
  const body: CardElement[] = [
    { type: 'TextBlock', text: escapeCardMarkdown(headline(alert)), size: 'Large', weight: 'Bolder', wrap: true },
  ]
  if (alert.test) {
    body.push({
      type: 'TextBlock',
      text: 'TEST lead from LinkedIn: not a real prospect.',
      color: 'Warning',
      wrap: true,
    })
  }
  if (alert.escalation) {
    body.push({
      type: 'TextBlock',
      text:
        `Escalation: nobody has acted on this lead for ${alert.escalation.minutesWaiting} minutes ` +
        `(level ${alert.escalation.level}).`,
      color: 'Attention',
      weight: 'Bolder',
      wrap: true,
    })
  }
  const role = [alert.jobTitle, alert.company && `at ${alert.company}`].filter(Boolean).join(' ')
  if (role) body.push({ type: 'TextBlock', text: escapeCardMarkdown(role), wrap: true, spacing: 'None' })
  const source = [alert.formName, alert.campaign].filter(Boolean).join(' / ') || 'unknown'
  body.push({
    type: 'FactSet',
    facts: [
      { title: 'Score', value: `${alert.score} (${alert.priority.toUpperCase()})` },
      { title: 'Source', value: escapeCardMarkdown(source) },
      { title: 'Submitted', value: escapeCardMarkdown(alert.submittedAtShown ?? 'unknown') },
      { title: 'Owner', value: escapeCardMarkdown(alert.owner?.name ?? 'unassigned') },
    ],
  })
  const why = [alert.scoreReasons.join(', '), alert.routingReason && `Routed: ${alert.routingReason}`].filter(Boolean)
  if (why.length) {
    body.push({
      type: 'TextBlock',
      text: escapeCardMarkdown(why.join(' · ')),
      isSubtle: true,
      size: 'Small',
      wrap: true,
    })
  }
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: ADAPTIVE_CARD_SCHEMA,
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          body,
          actions: [
            { type: 'Action.OpenUrl', title: "I'm on it", url: alert.ackUrl },
            { type: 'Action.OpenUrl', title: 'View lead', url: alert.leadUrl },
          ],
        },
      },
    ],
  }
}
