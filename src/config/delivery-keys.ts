import type { ConfigKey } from './config-key.js'

export const ALERT_KEYS: readonly ConfigKey[] = [
  {
    env: 'SLACK_WEBHOOK_URL',
    path: ['alerts', 'slackWebhookUrl'],
    secret: true,
    description: 'Adds a Slack channel alerting on every lead',
  },
  {
    env: 'SLACK_SIGNING_SECRET',
    path: ['alerts', 'slackSigningSecret'],
    secret: true,
    description: "Verifies Slack's button clicks (interactivity) at /slack/interactivity",
  },
  {
    env: 'SMTP_URL',
    path: ['alerts', 'smtpUrl'],
    secret: true,
    description: 'With ALERT_EMAIL_FROM and ALERT_EMAIL_TO: adds an e-mail channel',
  },
  { env: 'ALERT_EMAIL_FROM', path: ['alerts', 'emailFrom'], description: 'Sender of e-mail alerts' },
  { env: 'ALERT_EMAIL_TO', path: ['alerts', 'emailTo'], description: 'Comma-separated recipients of e-mail alerts' },
  {
    env: 'ALERT_WEBHOOK_URL',
    path: ['alerts', 'webhookUrl'],
    description: 'With ALERT_WEBHOOK_SECRET: adds a signed outgoing webhook',
  },
  {
    env: 'ALERT_WEBHOOK_SECRET',
    path: ['alerts', 'webhookSecret'],
    secret: true,
    description: 'Standard Webhooks secret (whsec_…)',
  },
  { env: 'ACK_LINK_TTL_HOURS', path: ['alerts', 'ackLinkTtlHours'], description: 'How long "I\'m on it" links work' },
]

export const ESCALATION_KEYS: readonly ConfigKey[] = [
  {
    env: 'ESCALATE_HOT_MINUTES',
    path: ['escalation', 'hotMinutes'],
    description: 'Escalate a hot lead nobody acknowledged after this long (0: never)',
  },
  { env: 'ESCALATE_WARM_MINUTES', path: ['escalation', 'warmMinutes'], description: 'The same for warm leads' },
  { env: 'ESCALATE_COLD_MINUTES', path: ['escalation', 'coldMinutes'], description: 'The same for cold leads' },
]

export const CRM_KEYS: readonly ConfigKey[] = [
  {
    env: 'HUBSPOT_ACCESS_TOKEN',
    path: ['crm', 'hubspotAccessToken'],
    secret: true,
    description: 'HubSpot private-app token: adds a HubSpot channel',
  },
  { env: 'HUBSPOT_API_URL', path: ['crm', 'hubspotApiUrl'], description: 'HubSpot API base URL' },
  {
    env: 'SALESFORCE_INSTANCE_URL',
    path: ['crm', 'salesforceInstanceUrl'],
    description: 'Your Salesforce My Domain URL: with the client id and secret, adds a Salesforce channel',
  },
  {
    env: 'SALESFORCE_LOGIN_URL',
    path: ['crm', 'salesforceLoginUrl'],
    description: 'Where the OAuth token request goes (default: SALESFORCE_INSTANCE_URL)',
  },
  {
    env: 'SALESFORCE_CLIENT_ID',
    path: ['crm', 'salesforceClientId'],
    description: 'Connected app consumer key (client credentials flow)',
  },
  {
    env: 'SALESFORCE_CLIENT_SECRET',
    path: ['crm', 'salesforceClientSecret'],
    secret: true,
    description: 'Connected app consumer secret',
  },
  {
    env: 'TEAMS_WEBHOOK_URL',
    path: ['crm', 'teamsWebhookUrl'],
    secret: true,
    description: 'Microsoft Teams Workflows URL: adds a Teams channel alerting on every lead',
  },
]

export const OPS_KEYS: readonly ConfigKey[] = [
  {
    env: 'OPS_SLACK_WEBHOOK_URL',
    path: ['ops', 'slackWebhookUrl'],
    secret: true,
    description: 'Slack incoming webhook for operator alerts (missed webhooks, challenge silence, expiring tokens)',
  },
  {
    env: 'OPS_WEBHOOK_URL',
    path: ['ops', 'webhookUrl'],
    description: 'With OPS_WEBHOOK_SECRET: operator alerts as signed webhooks',
  },
  {
    env: 'OPS_WEBHOOK_SECRET',
    path: ['ops', 'webhookSecret'],
    secret: true,
    description: 'Standard Webhooks secret (whsec_…) for OPS_WEBHOOK_URL',
  },
  {
    env: 'OPS_EMAIL_TO',
    path: ['ops', 'emailTo'],
    description: 'Comma-separated: operator alerts by e-mail (through SMTP_URL, from ALERT_EMAIL_FROM)',
  },
  {
    env: 'HEALTH_CHALLENGE_SILENCE_MINUTES',
    path: ['ops', 'challengeSilenceMinutes'],
    description: 'Alert when LinkedIn has not challenged the webhook for this long (LinkedIn re-validates every 2 h)',
  },
  {
    env: 'RETENTION_DAYS',
    path: ['ops', 'retentionDays'],
    description: "Erase leads' personal data this many days after arrival, as a DELETED would (0: keep)",
  },
  { env: 'HEALTH_CHECK_MINUTES', path: ['ops', 'healthCheckMinutes'], description: 'How often the health checks run' },
]
