import type { Config } from '../config/index.js'
import type { TokenManager } from '../linkedin/index.js'
import type { Outcomes } from '../outcomes/index.js'
import type { Acknowledge, AlertSettings } from '../pipeline/index.js'
import type { Reports } from '../reports/index.js'
import type { SequenceRuntime } from '../sequences/index.js'
import type { Store } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import { saveUser } from './auth/users.js'
import type { WebDeps } from './context.js'
import { createLiveFeed } from './live.js'

export { resetPassword, saveUser, UserInputError } from './auth/users.js'
export type { WebDeps } from './context.js'
export { webRoutes } from './web-routes.js'

export interface WebBuilderDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly tokens: TokenManager
  readonly alerts: AlertSettings
  readonly baseUrl: string
  readonly reports?: Reports
  /** Turns a disabled channel back on and re-queues what it held back. */
  readonly enableChannel: (name: string) => Promise<{ readonly kind: 'enabled' | 'unknown-channel' }>
  readonly sequences?: SequenceRuntime | undefined
  readonly outcomes?: Outcomes | undefined
  /** Records an acknowledgement with the pipeline's hooks (sequences that stop on it). */
  readonly acknowledge?: Acknowledge | undefined
}

/** The dashboard's builder: the deps its routes get, the admin from the environment, and its live feed. */
export function createWeb(
  config: Pick<Config, 'dashboard' | 'display'> & { readonly server: Pick<Config['server'], 'publicUrl'> },
  deps: WebBuilderDeps,
) {
  const live = createLiveFeed({ store: deps.store, logger: deps.logger, pollMs: 1000 })
  const routeDeps: WebDeps = {
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    tokens: deps.tokens,
    live,
    baseUrl: deps.baseUrl,
    reports: deps.reports,
    enableChannel: deps.enableChannel,
    sequences: deps.sequences,
    outcomes: deps.outcomes,
    acknowledge: deps.acknowledge,
    settings: {
      secureCookies: config.server.publicUrl?.startsWith('https:') ?? false,
      sessionIdleMs: config.dashboard.sessionIdleMinutes * 60_000,
      sessionMaxMs: config.dashboard.sessionMaxHours * 3_600_000,
      repsCanReassign: config.dashboard.repsCanReassign,
      timeZone: config.display.timeZone,
      alerts: deps.alerts,
    },
  }
  return {
    routeDeps,
    /** After migrations: creates or updates LEADRELAY_ADMIN_EMAIL with its password. */
    async start() {
      const { adminEmail, adminPassword } = config.dashboard
      if (!adminEmail || !adminPassword) return
      await saveUser(
        deps.store,
        deps.alerts.team,
        { email: adminEmail, name: 'Admin', role: 'admin', password: adminPassword },
        deps.clock.now().getTime(),
        { keepSessionsIfUnchanged: true },
      )
      deps.logger.info('dashboard admin from LEADRELAY_ADMIN_EMAIL is ready')
    },
    close: () => live.close(),
  }
}

export type Web = ReturnType<typeof createWeb>
