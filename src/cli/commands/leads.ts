import type { Command } from 'commander'
import { createOutcomes, OUTCOME_STAGES, parseOutcomeInput } from '../../outcomes/index.js'
import { reassignLead } from '../../pipeline/index.js'
import { LEAD_STATUSES, type LeadStatus, leadsRepository } from '../../store/index.js'
import { escapeForTerminal, parseDuration, systemClock } from '../../util/index.js'
import { type LeadView, leadView } from '../../views/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'
import { registerLeadSequence } from './lead-sequence.js'

export function registerLeads(program: Command, environment: CliEnvironment) {
  const leads = program.command('leads').description('leads LeadRelay holds')
  registerLeadSequence(leads, environment)

  leads
    .command('list', { isDefault: true })
    .description('newest first')
    .option('--limit <n>', 'how many', '20')
    .option('--status <status>', `only this status: ${LEAD_STATUSES.join(', ')}`)
    .option('--since <duration>', 'only leads received in this window, e.g. 24h, 7d')
    .option('--q <text>', 'name, e-mail or company contains')
    .option('--json', 'print JSON')
    .action(async (options: { limit: string; status?: string; since?: string; q?: string; json?: boolean }) => {
      if (options.status && !LEAD_STATUSES.includes(options.status as LeadStatus)) {
        throw new CliError(`--status must be one of ${LEAD_STATUSES.join(', ')}`, 2)
      }
      const window = options.since ? parseDuration(options.since) : undefined
      if (options.since && window === undefined) throw new CliError('--since must be a duration like 24h or 7d', 2)
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const page = await leadsRepository.listLeads(
          store.db,
          {
            ...(options.status ? { status: options.status as LeadStatus } : {}),
            ...(window !== undefined ? { since: Date.now() - window } : {}),
            ...(options.q ? { q: options.q } : {}),
          },
          { limit: Number(options.limit) || 20 },
        )
        const views = page.leads.map((row) => leadView(row, undefined, config.display.timeZone))
        if (options.json) {
          environment.stdout.write(`${JSON.stringify(views, null, 2)}\n`)
          return
        }
        environment.stdout.write(
          formatTable(
            ['ID', 'RECEIVED', 'TYPE', 'STATUS', 'NAME', 'COMPANY', 'TEST'],
            views.map((v) => [
              v.id,
              v.display.receivedAt ?? '',
              v.leadType ?? '-',
              v.status,
              name(v),
              String(v.fields?.company ?? '-'),
              v.test ? 'test' : '',
            ]),
          ),
        )
      } finally {
        await store.close()
      }
    })

  leads
    .command('show <id>')
    .description('one lead: fields, answers, consents and timeline (id or URN)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const key = id.replace(/^urn:li:leadGenFormResponse:/, '')
        const row = await leadsRepository.getLead(store.db, key)
        if (!row) throw new CliError(`no lead ${id}`, 1)
        const view = leadView(row, await leadsRepository.getTimeline(store.db, key), config.display.timeZone)
        environment.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : describeLead(view))
      } finally {
        await store.close()
      }
    })

  leads
    .command('reassign <id> <member>')
    .description('give a lead to another team member (recorded on its timeline)')
    .action(async (id: string, member: string) => {
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const key = id.replace(/^urn:li:leadGenFormResponse:/, '')
        const outcome = await reassignLead(store, config.team, key, member, 'cli', Date.now())
        if (outcome === 'unknown-member') throw new CliError(`no team member "${member}"`, 2)
        if (outcome === 'unknown-lead') throw new CliError(`no lead ${id}`, 1)
        if (outcome === 'deleted') throw new CliError(`lead ${id} was deleted`, 1)
        environment.stdout.write(`lead ${key} now belongs to ${member}\n`)
      } finally {
        await store.close()
      }
    })

  registerOutcome(leads, environment)
}

/** `leadrelay leads outcome ID STAGE`: the same path as the API and Slack (timeline, conversion event, hooks). */
function registerOutcome(leads: Command, environment: CliEnvironment) {
  leads
    .command('outcome <id> <stage>')
    .description(`record what became of a lead: ${OUTCOME_STAGES.join(', ')}`)
    .option('--reason <reason>', 'for disqualified: one of the configured reasons')
    .option('--amount <amount>', 'for won: the amount, e.g. 12000')
    .option('--currency <code>', 'for won: ISO 4217 currency, e.g. USD')
    .option('--by <who>', 'who set it (a team member id)', 'cli')
    .action(
      async (
        id: string,
        stage: string,
        options: { reason?: string; amount?: string; currency?: string; by: string },
      ) => {
        const config = loadCliConfig(environment)
        const reasons = config.outcomes.disqualifyReasons
        const parsed = parseOutcomeInput({ outcome: stage, ...options }, reasons)
        if (!parsed.ok)
          throw new CliError(
            `${parsed.problem.field === 'outcome' ? 'STAGE' : `--${parsed.problem.field}`} ${parsed.problem.message}`,
            2,
          )
        const store = await openCliStore(config)
        try {
          const outcomes = createOutcomes(config, { store, clock: systemClock })
          const key = id.replace(/^urn:li:leadGenFormResponse:/, '')
          const result = await outcomes.record(key, parsed.value, { by: options.by, via: 'cli' })
          if (result.kind === 'unknown-lead') throw new CliError(`no lead ${id}`, 1)
          environment.stdout.write(
            result.kind === 'unchanged'
              ? `lead ${key} is already ${result.stage}\n`
              : `lead ${key} is now ${result.stage}\n`,
          )
        } finally {
          await store.close()
        }
      },
    )
}

function name(view: LeadView): string {
  const fields = view.fields as Record<string, unknown> | null
  return [fields?.firstName, fields?.lastName].filter(Boolean).join(' ') || '-'
}

/** The text `leads show` prints; every line escaped, so stored text cannot drive the terminal. */
export function describeLead(view: LeadView): string {
  const lines = [
    `${view.urn}  ${view.status}${view.test ? '  (test lead)' : ''}`,
    `type ${view.leadType ?? '-'} · form ${view.formId ?? '-'} v${view.formVersion ?? '-'} · submitted ${view.display.submittedAt ?? '-'}`,
  ]
  if (view.failureReason) lines.push(`failed: ${view.failureReason}`)
  if (view.fields) {
    lines.push('', 'fields:')
    for (const [key, value] of Object.entries(view.fields)) if (value !== null) lines.push(`  ${key}: ${String(value)}`)
  }
  for (const answer of (view.customAnswers ?? []) as { question: string; answer: string }[]) {
    lines.push(`  ${answer.question}: ${answer.answer}`)
  }
  if (view.warnings.length) lines.push(`warnings: ${view.warnings.join(', ')}`)
  lines.push('', 'timeline:')
  for (const step of view.timeline ?? [])
    lines.push(`  ${step.shownAt}  ${step.kind}${step.detail ? `  ${step.detail}` : ''}`)
  return `${lines.map(escapeForTerminal).join('\n')}\n`
}
