import type { Command } from 'commander'
import { createStore, migrateStore } from '../../store/index.js'
import { type CliEnvironment, loadCliConfig } from '../load-cli-config.js'

export function registerMigrate(program: Command, environment: CliEnvironment) {
  program
    .command('migrate')
    .description('apply pending database migrations (start does this too)')
    .action(async () => {
      const config = loadCliConfig(environment)
      const store = await createStore({ ...config.database, personalData: config.security })
      try {
        const applied = await migrateStore(store)
        environment.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n')
      } finally {
        await store.close()
      }
    })
}
