import type { Command } from 'commander'
import { stringify } from 'yaml'
import { describeConfig } from '../../config/index.js'
import { type CliEnvironment, loadCliConfig } from '../load-cli-config.js'

export function registerConfig(program: Command, environment: CliEnvironment) {
  const config = program.command('config').description('inspect the configuration')
  config
    .command('check')
    .description('validate the configuration and print the effective values, secrets masked')
    .action(() => {
      const effective = loadCliConfig(environment)
      environment.stdout.write(`# configuration is valid\n${stringify(describeConfig(effective))}`)
    })
}
