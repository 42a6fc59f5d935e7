import type { Command } from 'commander'
import { createLinkedInAccess } from '../../linkedin/index.js'
import { OUTCOME_STAGES } from '../../outcomes/index.js'
import { createSecretBox, systemClock } from '../../util/index.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** `leadrelay conversions create`: a conversion rule that LeadRelay's outcomes can be streamed to. */
export function registerConversions(program: Command, environment: CliEnvironment) {
  const conversions = program.command('conversions').description('LinkedIn Conversions API rules for outcomes')
  conversions
    .command('create')
    .description('create a conversion rule (conversionMethod CONVERSIONS_API) and print the config that uses it')
    .requiredOption('--account <urn>', 'the ad account: urn:li:sponsoredAccount:…')
    .requiredOption('--name <name>', 'shown in Campaign Manager, e.g. "LeadRelay qualified leads"')
    .option('--type <type>', 'LinkedIn conversion type', 'QUALIFIED_LEAD')
    .option('--stage <stage>', `the outcome stage to send: ${OUTCOME_STAGES.join(', ')}`, 'qualified')
    .action(async (options: { account: string; name: string; type: string; stage: string }) => {
      if (!/^urn:li:sponsoredAccount:\d+$/.test(options.account))
        throw new CliError('--account must be urn:li:sponsoredAccount:<id>', 2)
      if (!(OUTCOME_STAGES as readonly string[]).includes(options.stage))
        throw new CliError(`--stage must be one of ${OUTCOME_STAGES.join(', ')}`, 2)
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const linkedin = createLinkedInAccess(config.linkedin, {
          store,
          clock: systemClock,
          box: createSecretBox(config.security.secretKey),
        })
        const created = await linkedin.conversions.createRule({
          account: options.account,
          name: options.name,
          type: options.type,
        })
        environment.stdout.write(
          `created conversion rule ${created.urn}\nadd to leadrelay.config.yaml:\n\nconversions:\n  ${options.stage}: ${created.urn}\n`,
        )
      } catch (error) {
        if ((error as Error).name === 'LinkedInApiError') throw new CliError((error as Error).message, 1)
        throw error
      } finally {
        await store.close()
      }
    })
}
