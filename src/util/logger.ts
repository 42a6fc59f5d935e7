import { type Logger, type LoggerOptions, pino } from 'pino'

export type { Logger }

/**
 * Paths pino blanks out wherever they appear. Logs carry identifiers (event id, job id, lead id),
 * never payloads; these paths are the safety net for anything that slips through.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-li-signature"]',
  'req.headers.cookie',
  '*.clientSecret',
  '*.clientSecretPrevious',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.password',
  '*.body',
  '*.rawBody',
  '*.email',
  '*.phone',
  '*.firstName',
  '*.lastName',
]

export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  const config: LoggerOptions = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'leadrelay' },
  }
  return options.destination ? pino(config, options.destination as pino.DestinationStream) : pino(config)
}

/** For tests and one-shot CLI commands that must stay quiet. */
export const silentLogger: Logger = pino({ level: 'silent' })
