export { type ChannelConfig, ChannelConfigSchema } from './channels-schema.js'
export { CONFIG_KEYS, type ConfigKey } from './keys.js'
export {
  type ConfigProblem,
  type ConfigSource,
  describeConfig,
  formatConfigProblems,
  loadConfig,
} from './load-config.js'
export { type Config, ConfigSchema } from './schema.js'
export { enforceSecretsPolicy, secretsPolicy } from './secrets-policy.js'
