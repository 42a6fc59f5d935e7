import { Liquid } from 'liquidjs'
import type { LeadAlert } from './channel.js'

export type EmailPart = 'subject' | 'text' | 'html'

/** User templates (liquid); any part left out uses the default. */
export type EmailTemplateSources = Partial<Record<EmailPart, string>>

export interface RenderedEmail {
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** A template that does not parse, or names a variable or filter that does not exist. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError'
  readonly part: EmailPart
  constructor(part: EmailPart, message: string, options?: ErrorOptions) {
    super(`${part} template: ${message}`, options)
    this.part = part
  }
}

export const DEFAULT_EMAIL_TEMPLATES: Readonly<Record<EmailPart, string>> = {
  subject:
    '{{ testMarker }}{% if escalation %}Escalation: {% endif %}{{ priorityLabel }} lead: {{ name }}' +
    '{% if company %} ({{ company }}){% endif %}',
  text: `{% if test %}TEST LEAD: a LinkedIn test submission, not a real prospect.

{% endif -%}
{% if escalation %}ESCALATION: nobody has acted on this lead for {{ escalation.minutesWaiting }} minutes (escalation level {{ escalation.level }}).

{% endif -%}
{{ name }}{% if jobTitle %}, {{ jobTitle }}{% endif %}{% if company %} at {{ company }}{% endif %}
Priority: {{ priorityLabel }} (score {{ score }}){% if scoreReasons.size > 0 %}: {{ scoreReasons | join: ", " }}{% endif %}
{% if email %}E-mail: {{ email }}
{% endif %}{% if phone %}Phone: {{ phone }}
{% endif %}{% if formName %}Form: {{ formName }}{% if campaign %} / {{ campaign }}{% endif %}
{% endif %}{% if submittedAtShown %}Submitted: {{ submittedAtShown }}
{% endif %}Owner: {% if owner %}{{ owner.name }}{% else %}nobody yet{% endif %} ({{ routingReason }})

I'm on it: {{ ackUrl }}
View lead: {{ leadUrl }}
`,
  html: `<!doctype html>
<html><body style="font-family: sans-serif">
{% if test %}<p style="background:#fde68a;padding:8px"><strong>TEST LEAD</strong>: a LinkedIn test submission, not a real prospect.</p>{% endif %}
{% if escalation %}<p style="background:#fecaca;padding:8px"><strong>Escalation</strong>: nobody has acted on this lead for {{ escalation.minutesWaiting }} minutes (escalation level {{ escalation.level }}).</p>{% endif %}
<h2>{{ name }}</h2>
<p>{% if jobTitle %}{{ jobTitle }}{% endif %}{% if company %} at {{ company }}{% endif %}</p>
<table>
<tr><th align="left">Priority</th><td>{{ priorityLabel }} (score {{ score }})</td></tr>
{% if scoreReasons.size > 0 %}<tr><th align="left">Why</th><td>{{ scoreReasons | join: ", " }}</td></tr>{% endif %}
{% if email %}<tr><th align="left">E-mail</th><td>{{ email }}</td></tr>{% endif %}
{% if phone %}<tr><th align="left">Phone</th><td>{{ phone }}</td></tr>{% endif %}
{% if formName %}<tr><th align="left">Form</th><td>{{ formName }}{% if campaign %} / {{ campaign }}{% endif %}</td></tr>{% endif %}
{% if submittedAtShown %}<tr><th align="left">Submitted</th><td>{{ submittedAtShown }}</td></tr>{% endif %}
<tr><th align="left">Owner</th><td>{% if owner %}{{ owner.name }}{% else %}nobody yet{% endif %} ({{ routingReason }})</td></tr>
</table>
<p><a href="{{ ackUrl }}">I'm on it</a> &middot; <a href="{{ leadUrl }}">View lead</a></p>
</body></html>
`,
}

/** Every LeadAlert field, plus a few ready-made labels; what a template can name. */
export function templateVariables(alert: LeadAlert): Record<string, unknown> {
  return {
    ...alert,
    owner: alert.owner ?? null,
    escalation: alert.escalation ?? null,
    priorityLabel: alert.priority.toUpperCase(),
    testMarker: alert.test ? '[TEST] ' : '',
  }
}

/**
 * E-mail templates, checked once when built: strict variables and filters, so a typo fails at startup (or, for a
 * branch the check could not reach, at render) instead of sending an alert with a hole in it. HTML output is escaped.
 */
export function createEmailTemplates(sources: EmailTemplateSources = {}) {
  const options = { strictVariables: true, strictFilters: true, lenientIf: true } as const
  const engines = { text: new Liquid(options), html: new Liquid({ ...options, outputEscape: 'escape' }) }
  const engineFor = (part: EmailPart) => (part === 'html' ? engines.html : engines.text)

  const parts = (['subject', 'text', 'html'] as const).map((part) => {
    const source = sources[part] ?? DEFAULT_EMAIL_TEMPLATES[part]
    try {
      return { part, template: engineFor(part).parse(source) }
    } catch (error) {
      throw new TemplateError(part, (error as Error).message, { cause: error })
    }
  })

  function renderPart(part: EmailPart, alert: LeadAlert): string {
    const entry = parts.find((p) => p.part === part)!
    try {
      return engineFor(part).renderSync(entry.template, templateVariables(alert)) as string
    } catch (error) {
      throw new TemplateError(part, (error as Error).message, { cause: error })
    }
  }

  function render(alert: LeadAlert): RenderedEmail {
    return {
      // A header cannot hold a line break; templates often end with one.
      subject: renderPart('subject', alert).replace(/\s+/g, ' ').trim(),
      text: renderPart('text', alert),
      html: renderPart('html', alert),
    }
  }

  // Render both a bare and a complete alert now, so unknown variables surface when the config loads.
  for (const sample of [SAMPLE_ALERT, { ...SAMPLE_ALERT, ...SAMPLE_FULL }]) render(sample)

  return { render }
}
export type EmailTemplates = ReturnType<typeof createEmailTemplates>

const SAMPLE_ALERT: LeadAlert = {
  kind: 'new-lead',
  leadId: 'sample',
  leadUrn: 'urn:li:leadGenFormResponse:sample',
  test: false,
  name: 'Sample Lead',
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  jobTitle: null,
  company: null,
  companySize: null,
  state: null,
  score: 0,
  priority: 'cold',
  scoreReasons: [],
  leadType: null,
  formName: null,
  campaign: null,
  submittedAtShown: null,
  owner: null,
  routingReason: 'fallback',
  ackUrl: 'https://leadrelay.example/ack/sample',
  leadUrl: 'https://leadrelay.example/leads/sample',
}

const SAMPLE_FULL: Partial<LeadAlert> = {
  kind: 'escalation',
  test: true,
  firstName: 'Sample',
  lastName: 'Lead',
  email: 'sample@example.com',
  phone: '+15555550100',
  jobTitle: 'VP Sales',
  company: 'Example Inc',
  companySize: '51-200',
  state: 'CA',
  score: 80,
  priority: 'hot',
  scoreReasons: ['Decision maker +30'],
  leadType: 'SPONSORED',
  formName: 'Demo request',
  campaign: 'Q3',
  submittedAtShown: '01/02/2026 09:30 AM PST',
  owner: { id: 'o1', name: 'Owner', email: 'owner@example.com', slackUserId: 'U1' },
  escalation: { minutesWaiting: 15, level: 1 },
}
