import type { Command } from 'commander'
import { createLeadRelay } from '../../app.js'
import { createLogger } from '../../util/index.js'
import { type CliEnvironment, CliError, loadCliConfig } from '../load-cli-config.js'

export function registerStart(program: Command, environment: CliEnvironment) {
  program
    .command('start')
    .description('run LeadRelay: webhook, API and worker (migrates the database first)')
    .option('--role <role>', 'all, web (HTTP only) or worker (jobs only)')
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .action(async (options: { role?: string; port?: string }) => {
      const config = loadCliConfig(environment, { LEADRELAY_ROLE: options.role, PORT: options.port })
      const logger = createLogger({ level: config.log.level, destination: environment.stdout })
      const app = await createLeadRelay(config, { logger }).catch((error: Error) => {
        // A template that does not compile is a configuration problem: say which, without a stack.
        if (error.name === 'StepTemplateError' || error.name === 'TemplateError')
          throw new CliError(`Configuration is not valid:\n  - ${error.message}`, 2)
        throw error
      })
      await app.start()
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, 'stopping: finishing requests and running jobs')
          app.stop().then(resolve, (error) => {
            logger.error({ err: error }, 'unclean stop')
            resolve()
          })
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    })
}
