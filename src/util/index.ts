/** Small dependency-free helpers every folder may use: clock, logger, durations, secrets, results. */

export { cleanText, defangLinks, escapeForTerminal, hasControlCharacters } from './clean-text.js'
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js'
export { parseDuration } from './duration.js'
export { createLogger, type Logger, REDACTED_PATHS, silentLogger } from './logger.js'
export { err, ok, type Result } from './result.js'
export { parseRetryAfter } from './retry-after.js'
export {
  createSecretBox,
  createValueCipher,
  SEALED_VALUE_PREFIX,
  type SecretBox,
  type ValueCipher,
} from './secret-box.js'
export { signSlack, verifySlackSignature } from './slack-signature.js'
export { isTimeZone } from './time-zone.js'
