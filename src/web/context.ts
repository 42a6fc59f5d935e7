import type { TokenManager } from '../linkedin/index.js'
import type { Outcomes } from '../outcomes/index.js'
import type { Acknowledge, AlertSettings } from '../pipeline/index.js'
import type { Reports } from '../reports/index.js'
import type { SequenceRuntime } from '../sequences/index.js'
import type { Store, WebRole } from '../store/index.js'
import type { Clock, Logger } from '../util/index.js'
import type { LiveFeed } from './live.js'

/** What the dashboard needs from the configuration, gathered once in `createWeb`. */
export interface WebSettings {
  /** Cookies get `Secure` (and HSTS is sent) when PUBLIC_URL is https. */
  readonly secureCookies: boolean
  readonly sessionIdleMs: number
  readonly sessionMaxMs: number
  /** Reps may hand their leads to another team member. */
  readonly repsCanReassign: boolean
  readonly timeZone: string
  readonly alerts: AlertSettings
}

/** Every page plugin receives these as its options. */
export interface WebDeps {
  readonly store: Store
  readonly clock: Clock
  readonly logger: Logger
  readonly tokens: TokenManager
  readonly live: LiveFeed
  readonly settings: WebSettings
  /** This server's public address: LinkedIn sign-in links start here. */
  readonly baseUrl: string
  /** The reports `/reports` shows; absent, the page answers 404. */
  readonly reports?: Reports | undefined
  /** Turns a disabled channel back on and re-queues the deliveries it held back. */
  readonly enableChannel: (name: string) => Promise<{ readonly kind: 'enabled' | 'unknown-channel' }>
  /** Follow-up sequences (the inbox, sequences and lead-sequence pages). */
  readonly sequences?: SequenceRuntime | undefined
  /** Recording outcomes from the lead page; absent, the page offers no outcome form. */
  readonly outcomes?: Outcomes | undefined
  /** Records an acknowledgement with the pipeline's hooks; absent, the acknowledgement alone. */
  readonly acknowledge?: Acknowledge | undefined
}

export interface WebUser {
  readonly id: number
  readonly email: string
  readonly name: string
  readonly role: WebRole
  /** The team member a rep is. */
  readonly memberId: string | null
}

export interface NavEntry {
  readonly href: string
  readonly label: string
  /** Who sees the entry (and, by the page's own guard, may open it); everyone signed in when absent. */
  readonly roles?: readonly WebRole[]
}

/** Set on every request inside the signed-in scope. */
export interface WebState {
  readonly user: WebUser
  readonly csrfToken: string
  readonly sessionId: string
  readonly nav: readonly NavEntry[]
  readonly path: string
  readonly assets: AssetUrls
}

/** Versioned URLs of the static files, cached for a year by browsers. */
export interface AssetUrls {
  readonly htmx: string
  readonly sse: string
  readonly css: string
}

declare module 'fastify' {
  interface FastifyRequest {
    web: WebState
  }
}
