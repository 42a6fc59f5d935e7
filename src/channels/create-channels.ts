import { type ChannelConfig, ChannelConfigSchema, type Config } from '../config/index.js'
import type { Channel } from './channel.js'
import { createEmailChannel } from './email.js'
import { createHubSpotChannel } from './hubspot.js'
import { createWebhookChannel } from './outgoing-webhook.js'
import { createSalesforceChannel } from './salesforce.js'
import { createSlackChannel } from './slack.js'
import { createTeamsChannel } from './teams.js'

/** Environment shortcuts go through the channel schema too, so each default lives there and only there. */
function shortcut(input: Record<string, unknown>, source: string): ChannelConfig {
  const parsed = ChannelConfigSchema.safeParse(input)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || input.name}: ${i.message}`).join('; ')
    throw new Error(`${source} does not make a valid ${String(input.type)} channel: ${problems}`)
  }
  return parsed.data
}

const addresses = (list: string) =>
  list
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean)

/**
 * The channels the configuration asks for: the YAML `channels` list, plus one channel for each
 * environment shortcut (SLACK_WEBHOOK_URL, SMTP_URL…, ALERT_WEBHOOK_URL…) so the simplest set-ups
 * need no YAML.
 */
export function channelConfigs(config: Config): ChannelConfig[] {
  const configs = [...config.channels]
  const taken = new Set(configs.map((c) => c.name))
  const add = (input: Record<string, unknown>, source: string) => {
    if (!taken.has(String(input.name))) configs.push(shortcut(input, source))
  }
  const { alerts, crm } = config
  if (alerts.slackWebhookUrl)
    add({ type: 'slack', name: 'slack', webhookUrl: alerts.slackWebhookUrl }, 'SLACK_WEBHOOK_URL')
  if (alerts.smtpUrl && alerts.emailFrom && alerts.emailTo) {
    add(
      { type: 'email', name: 'email', smtpUrl: alerts.smtpUrl, from: alerts.emailFrom, to: addresses(alerts.emailTo) },
      'SMTP_URL, ALERT_EMAIL_FROM and ALERT_EMAIL_TO',
    )
  }
  if (alerts.webhookUrl && alerts.webhookSecret) {
    add({ type: 'webhook', name: 'webhook', url: alerts.webhookUrl, secret: alerts.webhookSecret }, 'ALERT_WEBHOOK_URL')
  }
  if (crm.hubspotAccessToken) {
    add(
      {
        type: 'hubspot',
        name: 'hubspot',
        accessToken: crm.hubspotAccessToken,
        ...(crm.hubspotApiUrl ? { apiUrl: crm.hubspotApiUrl } : {}),
      },
      'HUBSPOT_ACCESS_TOKEN',
    )
  }
  const salesforceLogin = crm.salesforceLoginUrl ?? crm.salesforceInstanceUrl
  if (salesforceLogin && crm.salesforceClientId && crm.salesforceClientSecret) {
    add(
      {
        type: 'salesforce',
        name: 'salesforce',
        loginUrl: salesforceLogin,
        clientId: crm.salesforceClientId,
        clientSecret: crm.salesforceClientSecret,
      },
      'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET',
    )
  }
  if (crm.teamsWebhookUrl) add({ type: 'teams', name: 'teams', webhookUrl: crm.teamsWebhookUrl }, 'TEAMS_WEBHOOK_URL')
  return configs
}

/** The operator-alert channels (OPS_SLACK_WEBHOOK_URL, OPS_WEBHOOK_URL, OPS_EMAIL_TO), kept apart from sales alerts. */
export function opsChannelConfigs(config: Config): ChannelConfig[] {
  const { ops, alerts } = config
  const configs: ChannelConfig[] = []
  if (ops.slackWebhookUrl)
    configs.push(
      shortcut({ type: 'slack', name: 'ops-slack', webhookUrl: ops.slackWebhookUrl }, 'OPS_SLACK_WEBHOOK_URL'),
    )
  if (ops.webhookUrl && ops.webhookSecret) {
    configs.push(
      shortcut(
        { type: 'webhook', name: 'ops-webhook', url: ops.webhookUrl, secret: ops.webhookSecret },
        'OPS_WEBHOOK_URL',
      ),
    )
  }
  if (ops.emailTo && alerts.smtpUrl && alerts.emailFrom) {
    configs.push(
      shortcut(
        {
          type: 'email',
          name: 'ops-email',
          smtpUrl: alerts.smtpUrl,
          from: alerts.emailFrom,
          to: addresses(ops.emailTo),
        },
        'OPS_EMAIL_TO',
      ),
    )
  }
  return configs
}

export function createChannel(config: ChannelConfig): Channel & { close?: () => void } {
  switch (config.type) {
    case 'slack':
      return createSlackChannel({
        name: config.name,
        ...(config.webhookUrl ? { webhookUrl: config.webhookUrl } : {}),
        ...(config.botToken ? { botToken: config.botToken } : {}),
        ...(config.channel ? { channel: config.channel } : {}),
        apiUrl: config.apiUrl,
        dmOwner: config.dmOwner,
        sendTestLeads: config.sendTestLeads,
      })
    case 'email':
      return createEmailChannel({
        name: config.name,
        smtpUrl: config.smtpUrl,
        from: config.from,
        to: config.to,
        toOwner: config.toOwner,
        ...(config.templates ? { templates: config.templates } : {}),
        sendTestLeads: config.sendTestLeads,
      })
    case 'webhook':
      return createWebhookChannel({
        name: config.name,
        url: config.url,
        secret: config.secret,
        sendTestLeads: config.sendTestLeads,
      })
    case 'hubspot':
      return createHubSpotChannel({
        name: config.name,
        accessToken: config.accessToken,
        apiUrl: config.apiUrl,
        owners: config.owners,
        lifecycleStage: config.lifecycleStage,
        leadStatus: config.leadStatus,
        ...(config.linkedinLeadIdProperty ? { linkedinLeadIdProperty: config.linkedinLeadIdProperty } : {}),
        taskRecordProperty: config.taskRecordProperty,
        ...(config.fieldMapping ? { fieldMapping: config.fieldMapping } : {}),
        taskDue: config.taskDue,
        deletion: config.deletion,
        sendTestLeads: config.sendTestLeads,
      })
    case 'salesforce':
      return createSalesforceChannel({
        name: config.name,
        auth: {
          loginUrl: config.loginUrl,
          clientId: config.clientId,
          clientSecret: config.clientSecret,
          ...(config.refreshToken ? { refreshToken: config.refreshToken } : {}),
        },
        apiVersion: config.apiVersion,
        owners: config.owners,
        externalIdField: config.externalIdField,
        taskExternalIdField: config.taskExternalIdField,
        leadSource: config.leadSource,
        ...(config.fieldMapping ? { fieldMapping: config.fieldMapping } : {}),
        taskDue: config.taskDue,
        deletion: config.deletion,
        sendTestLeads: config.sendTestLeads,
      })
    case 'teams':
      return createTeamsChannel({
        name: config.name,
        webhookUrl: config.webhookUrl,
        sendTestLeads: config.sendTestLeads,
      })
  }
}
