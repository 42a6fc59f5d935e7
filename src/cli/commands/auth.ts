import type { Command } from 'commander'
import { createSignInLink, formatDisplayDate, wakeLeadJobs } from '../../pipeline/index.js'
import { systemClock } from '../../util/index.js'
import { type CliEnvironment, CliError, cliLinkedIn, loadCliConfig, openCliStore } from '../load-cli-config.js'

export function registerAuth(program: Command, environment: CliEnvironment) {
  const auth = program.command('auth').description('the connection to LinkedIn (OAuth tokens)')

  auth
    .command('login')
    .description('print a one-time link that connects LeadRelay to LinkedIn (valid 15 minutes)')
    .action(async () => {
      const config = loadCliConfig(environment)
      if (!config.linkedin.clientId || !config.linkedin.clientSecret) {
        throw new CliError('Set LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET first', 2)
      }
      const base = config.server.publicUrl
      // The server refuses sign-ins without it: the redirect URI must not come from a Host header.
      if (!base)
        throw new CliError('Set PUBLIC_URL to the https address LinkedIn and your browser reach LeadRelay at', 2)
      const store = await openCliStore(config)
      try {
        const link = await createSignInLink(store, systemClock, base)
        environment.stdout.write(
          `Open this link in a browser, signed in to LinkedIn as a member with access to your ad accounts or pages:\n\n  ${link.url}\n\n` +
            `It works once, until ${link.expiresAt.toISOString()}. LinkedIn sends you back to ${base}/auth/linkedin/callback,\n` +
            'which must be registered as a redirect URL of your LinkedIn app.\n',
        )
      } finally {
        await store.close()
      }
    })

  auth
    .command('status')
    .description('who is connected, with which scopes, and when the tokens expire')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const status = await cliLinkedIn(config, store).tokens.status()
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(status, null, 2)}\n`)
          return
        }
        const shown = (at: Date | null) => (at ? formatDisplayDate(at, config.display.timeZone) : 'unknown')
        const lines = status.connected
          ? [
              `connected:        yes (token from ${status.source})`,
              `scopes:           ${status.scope ?? 'unknown'}`,
              `access expires:   ${shown(status.accessExpiresAt)}`,
              `refresh expires:  ${status.refreshExpiresAt ? shown(status.refreshExpiresAt) : 'no refresh token'}`,
              `last refresh:     ${status.lastRefreshAt ? shown(status.lastRefreshAt) : 'never'}`,
              ...(status.lastRefreshError ? [`last refresh error: ${status.lastRefreshError}`] : []),
            ]
          : ['connected:        no (run `leadrelay auth login`, or `leadrelay auth set --access-token …`)']
        environment.stdout.write(`${lines.join('\n')}\n`)
      } finally {
        await store.close()
      }
    })

  auth
    .command('set')
    .description('store tokens obtained elsewhere (e.g. LinkedIn’s token generator)')
    .requiredOption('--access-token <token>', 'the access token')
    .option('--refresh-token <token>', 'the refresh token, if you have one')
    .option('--expires-in <seconds>', 'the access token’s remaining lifetime, in seconds')
    .action(async (options: { accessToken: string; refreshToken?: string; expiresIn?: string }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const { tokens } = cliLinkedIn(config, store)
        if (options.expiresIn !== undefined) {
          const seconds = Number(options.expiresIn)
          if (!Number.isInteger(seconds) || seconds <= 0)
            throw new CliError('--expires-in must be a positive number of seconds', 2)
          await tokens.store(
            {
              access_token: options.accessToken,
              expires_in: seconds,
              ...(options.refreshToken ? { refresh_token: options.refreshToken } : {}),
            },
            'cli',
          )
        } else {
          await tokens.storeUnknownExpiry(options.accessToken, options.refreshToken, 'cli')
        }
        const woken = await wakeLeadJobs(store, systemClock.now())
        environment.stdout.write(
          `stored the LinkedIn token${woken ? `; ${woken} waiting leads will be fetched now` : ''}\n`,
        )
      } finally {
        await store.close()
      }
    })
}
