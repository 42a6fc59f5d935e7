import type { Command } from 'commander'
import { sequenceView, stopSequence } from '../../sequences/index.js'
import { sequencesRepository } from '../../store/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** `leadrelay leads sequence ID [--stop] [--json]`: the lead's follow-up sequence and its steps. */
export function registerLeadSequence(leads: Command, environment: CliEnvironment) {
  leads
    .command('sequence <id>')
    .description("the lead's follow-up sequence: state, stop reason and each step")
    .option('--stop', 'stop the sequence now (manual stop)')
    .option('--json', 'print JSON')
    .action(async (raw: string, options: { stop?: boolean; json?: boolean }) => {
      const id = raw.replace(/^urn:li:leadGenFormResponse:/, '')
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        if (options.stop) await stopSequence(store, id, 'manual', Date.now(), 'via the CLI')
        const enrolment = await sequencesRepository.getEnrolmentByLead(store.db, id)
        if (!enrolment) throw new CliError(`lead ${id} is not in a sequence`, 1)
        const view = sequenceView(enrolment, await sequencesRepository.getSteps(store.db, enrolment.id))
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(view, null, 2)}\n`)
          return
        }
        environment.stdout.write(
          `${view.sequence}: ${view.state}${view.stopReason ? ` (${view.stopReason})` : ''}, owner ${view.owner}\n`,
        )
        environment.stdout.write(
          formatTable(
            ['STEP', 'TYPE', 'STATE', 'DUE', 'DONE'],
            view.steps.map((s) => [s.id, s.type, s.state, s.dueAt ?? '-', s.doneAt ?? '-']),
          ),
        )
      } finally {
        await store.close()
      }
    })
}
