import type { Command } from 'commander'
import { LEAD_TYPES, type LeadType, ownerFromUrn } from '../../linkedin/index.js'
import {
  revalidateSubscriptions,
  subscribe,
  subscriptionStates,
  unsubscribe,
  WEBHOOK_PATH,
} from '../../pipeline/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, cliLinkedIn, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** Runs `work` with the store and LinkedIn access, turning LinkedIn's refusals into readable CLI errors. */
async function withLinkedIn<T>(
  environment: CliEnvironment,
  work: (context: Awaited<ReturnType<typeof open>>) => Promise<T>,
): Promise<T> {
  const context = await open(environment)
  try {
    return await work(context)
  } catch (error) {
    if ((error as Error).name === 'LinkedInApiError') throw new CliError((error as Error).message, 1)
    throw error
  } finally {
    await context.store.close()
  }
}

async function open(environment: CliEnvironment) {
  const config = loadCliConfig(environment)
  const store = await openCliStore(config)
  return { config, store, linkedin: cliLinkedIn(config, store) }
}

export function registerSubscriptions(program: Command, environment: CliEnvironment) {
  program
    .command('owners')
    .description('ad accounts and organizations the connected LinkedIn member can reach, and their lead types')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) =>
      withLinkedIn(environment, async ({ linkedin }) => {
        const owners = await linkedin.owners.list()
        environment.stdout.write(
          options.json
            ? `${JSON.stringify(owners, null, 2)}\n`
            : formatTable(
                ['OWNER', 'NAME', 'ROLE', 'LEAD TYPES'],
                owners.map((o) => [o.urn, o.name ?? '-', o.role, o.leadTypes.join(', ')]),
              ) + (owners.length ? '\nsubscribe with: leadrelay subscribe --owner URN --lead-type TYPE\n' : ''),
        )
      }),
    )

  program
    .command('subscribe')
    .description('subscribe PUBLIC_URL/webhooks/linkedin to an owner’s leads (LinkedIn challenges it first)')
    .requiredOption('--owner <urn>', 'urn:li:sponsoredAccount:… or urn:li:organization:…')
    .requiredOption('--lead-type <type>', LEAD_TYPES.join(', '))
    .option('--form <urn>', 'only this versioned form: urn:li:versionedLeadGenForm:(urn:li:leadGenForm:ID,VERSION)')
    .option('--webhook <url>', 'the webhook URL (default: PUBLIC_URL/webhooks/linkedin)')
    .action(async (options: { owner: string; leadType: string; form?: string; webhook?: string }) => {
      const owner = ownerFromUrn(options.owner)
      if (!owner) throw new CliError('--owner must be urn:li:sponsoredAccount:… or urn:li:organization:…', 2)
      if (!LEAD_TYPES.includes(options.leadType as LeadType))
        throw new CliError(`--lead-type must be one of ${LEAD_TYPES.join(', ')}`, 2)
      await withLinkedIn(environment, async ({ config, store, linkedin }) => {
        const base = config.server.publicUrl
        const webhook = options.webhook ?? (base ? `${base.replace(/\/+$/, '')}${WEBHOOK_PATH}` : undefined)
        if (!webhook)
          throw new CliError('Set PUBLIC_URL (the HTTPS address LinkedIn reaches LeadRelay at) or pass --webhook', 2)
        const row = await subscribe(
          store,
          linkedin.subscriptions,
          { webhook, owner, leadType: options.leadType, versionedForm: options.form },
          Date.now(),
        )
        environment.stdout.write(
          `subscribed ${webhook} to ${options.leadType} leads of ${options.owner}: subscription ${row.id}\n`,
        )
      })
    })

  const subscriptions = program.command('subscriptions').description('lead notification subscriptions')
  subscriptions
    .command('list', { isDefault: true })
    .description('our subscriptions, checked against LinkedIn’s list')
    .action(async () =>
      withLinkedIn(environment, async ({ store, linkedin }) => {
        const states = await subscriptionStates(store, linkedin.subscriptions)
        environment.stdout.write(
          formatTable(
            ['ID', 'OWNER', 'LEAD TYPE', 'FORM', 'WEBHOOK', 'ON LINKEDIN'],
            states.map(({ local, remote }) => [
              local.id,
              Object.values(JSON.parse(local.owner) as Record<string, string>)[0] ?? '-',
              local.lead_type,
              local.versioned_form ?? 'all',
              local.webhook,
              remote ? 'yes' : 'NO: re-subscribe (leadrelay subscriptions revalidate)',
            ]),
          ),
        )
      }),
    )
  subscriptions
    .command('revalidate')
    .description('re-create every subscription, which makes LinkedIn challenge the webhook again (un-blocks it)')
    .action(async () =>
      withLinkedIn(environment, async ({ store, linkedin }) => {
        for (const result of await revalidateSubscriptions(store, linkedin.subscriptions, Date.now())) {
          environment.stdout.write(
            result.error
              ? `${result.old}: FAILED: ${result.error}\n`
              : `${result.old} → ${result.new}: challenge passed\n`,
          )
        }
      }),
    )

  program
    .command('unsubscribe <id>')
    .description('delete a subscription at LinkedIn')
    .action(async (id: string) =>
      withLinkedIn(environment, async ({ store, linkedin }) => {
        await unsubscribe(store, linkedin.subscriptions, id, Date.now())
        environment.stdout.write(`unsubscribed ${id}\n`)
      }),
    )
}
