export { type ChannelConfig, ChannelConfigSchema } from './channels-schema.js'
export { CONFIG_KEYS, type ConfigKey } from './keys.js'
export {
  type ConfigProblem,
  type ConfigSource,
  describeConfig,
  formatConfigProblems,
  loadConfig,
} from './load-config.js'
export { DEFAULT_DISQUALIFY_REASONS, OUTCOME_STAGES } from './outcomes-schema.js'
export { type Config, ConfigSchema } from './schema.js'
export { enforceSecretsPolicy, secretsPolicy } from './secrets-policy.js'
