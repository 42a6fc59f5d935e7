import { Command } from 'commander'
import { registerAuth } from './commands/auth.js'
import { registerChannels } from './commands/channels.js'
import { registerConfig } from './commands/config-check.js'
import { registerConversions } from './commands/conversions.js'
import { registerDeliveries } from './commands/deliveries.js'
import { registerDemo } from './commands/demo.js'
import { registerEvents } from './commands/events.js'
import { registerLeads } from './commands/leads.js'
import { registerMigrate } from './commands/migrate.js'
import { registerPulls } from './commands/pulls.js'
import { registerReport } from './commands/report.js'
import { registerRules } from './commands/rules.js'
import { registerSimulate } from './commands/simulate.js'
import { registerStart } from './commands/start.js'
import { registerStatus } from './commands/status.js'
import { registerSubscriptions } from './commands/subscriptions.js'
import { registerUsers } from './commands/users.js'
import type { CliEnvironment } from './load-cli-config.js'

export function createProgram(environment: CliEnvironment): Command {
  const program = new Command('leadrelay')
    .description('Act on LinkedIn Lead Gen Form leads the moment they arrive')
    .version('0.1.0')
    .configureOutput({
      writeOut: (text) => environment.stdout.write(text),
      writeErr: (text) => environment.stderr.write(text),
    })
  registerStart(program, environment)
  registerMigrate(program, environment)
  registerConfig(program, environment)
  registerEvents(program, environment)
  registerLeads(program, environment)
  registerAuth(program, environment)
  registerDeliveries(program, environment)
  registerChannels(program, environment)
  registerRules(program, environment)
  registerSubscriptions(program, environment)
  registerStatus(program, environment)
  registerPulls(program, environment)
  registerReport(program, environment)
  registerConversions(program, environment)
  registerSimulate(program, environment)
  registerDemo(program, environment)
  registerUsers(program, environment)
  return program
}
