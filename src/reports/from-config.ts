import type { ChannelConfig } from '../config/channels-schema.js'
import type { Config } from '../config/index.js'
import type { ReportsConfig } from './index.js'

/** Sales alerts reach a person; CRM writes and conversion events do not count as "the alert". */
const ALERT_TYPES: ReadonlySet<ChannelConfig['type']> = new Set(['slack', 'email', 'teams', 'webhook'])

/** The reports' slice of the configuration. */
export function reportsConfig(config: Config, channels: readonly ChannelConfig[]): ReportsConfig {
  return {
    members: config.team?.members ?? [],
    scoringRules: config.scoring.rules,
    routingRules: config.routing.rules,
    timeZone: config.display.timeZone,
    alertChannels: channels.filter((c) => ALERT_TYPES.has(c.type)).map((c) => c.name),
  }
}
