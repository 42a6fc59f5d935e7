import type { Config } from '../config/index.js'
import type { ReportsConfig } from './index.js'

/** The reports' slice of the configuration. */
export function reportsConfig(config: Pick<Config, 'team' | 'scoring' | 'routing' | 'display'>): ReportsConfig {
  return {
    members: config.team?.members ?? [],
    scoringRules: config.scoring.rules,
    routingRules: config.routing.rules,
    timeZone: config.display.timeZone,
  }
}
