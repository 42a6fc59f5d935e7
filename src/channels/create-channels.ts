import type { ChannelConfig } from '../config/channels-schema.js'
import type { Config } from '../config/index.js'
import type { Channel } from './channel.js'
import { createEmailChannel } from './email.js'
import { createHubSpotChannel } from './hubspot.js'
import { createWebhookChannel } from './outgoing-webhook.js'
import { createSalesforceChannel } from './salesforce.js'
import { createSlackChannel } from './slack.js'
import { createTeamsChannel } from './teams.js'

/**
 * The channels the configuration asks for: the YAML `channels` list, plus one channel for each
 * environment shortcut (SLACK_WEBHOOK_URL, SMTP_URL…, ALERT_WEBHOOK_URL…) so the simplest set-ups
 * need no YAML.
 */
export function channelConfigs(config: Config): ChannelConfig[] {
  const configs = [...config.channels]
  const taken = new Set(configs.map((c) => c.name))
  const add = (channel: ChannelConfig) => {
    if (!taken.has(channel.name)) configs.push(channel)
  }
  const alerts = config.alerts
  if (alerts.slackWebhookUrl) {
    add({
      type: 'slack',
      name: 'slack',
      webhookUrl: alerts.slackWebhookUrl,
      apiUrl: 'https://slack.com/api',
      dmOwner: false,
      sendTestLeads: true,
    })
  }
  if (alerts.smtpUrl && alerts.emailFrom && alerts.emailTo) {
    add({
      type: 'email',
      name: 'email',
      smtpUrl: alerts.smtpUrl,
      from: alerts.emailFrom,
      to: alerts.emailTo
        .split(',')
        .map((address) => address.trim())
        .filter(Boolean),
      toOwner: false,
      sendTestLeads: true,
    })
  }
  if (alerts.webhookUrl && alerts.webhookSecret) {
    add({ type: 'webhook', name: 'webhook', url: alerts.webhookUrl, secret: alerts.webhookSecret, sendTestLeads: true })
  }
  const crm = config.crm
  if (crm.hubspotAccessToken) {
    add({
      type: 'hubspot',
      name: 'hubspot',
      accessToken: crm.hubspotAccessToken,
      apiUrl: crm.hubspotApiUrl,
      owners: {},
      lifecycleStage: 'lead',
      leadStatus: 'NEW',
      taskRecordProperty: 'leadrelay_task_ref',
      taskDue: { hot: 15, warm: 120, cold: 1440 },
      deletion: 'delete',
      sendTestLeads: false,
    })
  }
  const salesforceLogin = crm.salesforceLoginUrl ?? crm.salesforceInstanceUrl
  if (salesforceLogin && crm.salesforceClientId && crm.salesforceClientSecret) {
    add({
      type: 'salesforce',
      name: 'salesforce',
      loginUrl: salesforceLogin,
      clientId: crm.salesforceClientId,
      clientSecret: crm.salesforceClientSecret,
      apiVersion: '62.0',
      externalIdField: 'LinkedIn_Lead_Id__c',
      taskExternalIdField: 'LeadRelay_Delivery_Key__c',
      owners: {},
      leadSource: 'LinkedIn Lead Gen',
      taskDue: { hot: 15, warm: 120, cold: 1440 },
      deletion: 'delete',
      sendTestLeads: false,
    })
  }
  if (crm.teamsWebhookUrl) add({ type: 'teams', name: 'teams', webhookUrl: crm.teamsWebhookUrl, sendTestLeads: true })
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
