import type { Config } from '../config/index.js'
import type { ReportsConfig } from './index.js'

/** The reports' slice of the configuration. */
export function reportsConfig(config: Config): ReportsConfig {
  return {
    members: config.team?.members ?? [],
    scoringRules: config.scoring.rules,
    routingRules: config.routing.rules,
    timeZone: config.display.timeZone,
  }
}
