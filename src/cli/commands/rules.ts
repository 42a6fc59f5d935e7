import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { parse as parseYaml } from 'yaml'
import type { Config } from '../../config/index.js'
import { factsForLead } from '../../pipeline/index.js'
import {
  compareConfigs,
  explainDecision,
  formatProblems,
  parseRules,
  type ReplayLead,
  type Rules,
  routeLead,
  scoreLead,
  withScore,
} from '../../routing/index.js'
import { leadFromRow, leadsRepository, routingPositionsRepository } from '../../store/index.js'
import { parseDuration } from '../../util/index.js'
import { formatTable } from '../format-table.js'
import { type CliEnvironment, CliError, loadCliConfig, openCliStore } from '../load-cli-config.js'

/** The team, scoring and routing sections of a candidate YAML file, validated with their paths. */
function candidateRules(environment: CliEnvironment, file: string): Rules {
  const path = resolve(environment.cwd, file)
  let input: Record<string, unknown>
  try {
    input = (parseYaml(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`, 2)
  }
  const parsed = parseRules({ team: input.team, scoring: input.scoring, routing: input.routing })
  if (!parsed.ok) throw new CliError(`${path} is not valid:\n${formatProblems(parsed.problems)}`, 2)
  return parsed.value
}

function currentRules(config: Config): Rules {
  if (!config.team) throw new CliError('The current configuration has no team: nothing routes leads yet', 2)
  return { team: config.team, scoring: config.scoring, routing: config.routing }
}

export function registerRules(program: Command, environment: CliEnvironment) {
  const rules = program.command('rules').description('try scoring and routing rules without side effects')

  rules
    .command('test <file>')
    .description('show how the rules in FILE would score and route one stored lead')
    .requiredOption('--lead <id>', 'the lead (id or URN)')
    .action(async (file: string, options: { lead: string }) => {
      const candidate = candidateRules(environment, file)
      const config = loadCliConfig(environment)
      const store = await openCliStore(config)
      try {
        const id = options.lead.replace(/^urn:li:leadGenFormResponse:/, '')
        const lead = await leadsRepository.getLead(store.db, id)
        if (!lead?.fields) throw new CliError(`no enriched lead ${options.lead}`, 1)
        const facts = await factsForLead(store.db, leadFromRow(lead))
        const scored = scoreLead(facts, candidate.scoring)
        const decision = routeLead(withScore(facts, scored), {
          team: candidate.team,
          routing: candidate.routing,
          now: new Date(),
          positions: await routingPositionsRepository.allPositions(store.db),
          loadToday: () => 0,
        })
        environment.stdout.write(`${explainDecision(scored, decision)}\n`)
        if (lead.owner_id && lead.owner_id !== decision.ownerId) {
          environment.stdout.write(`(today this lead is owned by ${lead.owner_id})\n`)
        }
      } finally {
        await store.close()
      }
    })

  rules
    .command('replay <file>')
    .description('replay the rules in FILE over past leads and print what would change')
    .option('--since <duration>', 'how far back, e.g. 7d or 30d', '30d')
    .action(async (file: string, options: { since: string }) => {
      const window = parseDuration(options.since)
      if (window === undefined) throw new CliError('--since must be a duration like 30d', 2)
      const candidate = candidateRules(environment, file)
      const config = loadCliConfig(environment)
      const current = currentRules(config)
      const store = await openCliStore(config)
      try {
        const since = Date.now() - window
        const rows = await leadsRepository.enrichedLeadsSince(store.db, since)
        const leads: ReplayLead[] = []
        for (const row of rows)
          leads.push({
            id: row.id,
            facts: await factsForLead(store.db, leadFromRow(row)),
            receivedAt: new Date(row.received_at),
          })
        const report = compareConfigs(leads, current, candidate, { now: new Date() })
        const out = environment.stdout
        out.write(`${report.leads} leads since ${new Date(since).toISOString()}\n\n`)
        out.write(
          formatTable(
            ['OWNER', 'NOW', 'CANDIDATE', 'CHANGE'],
            report.owners.map((o) => [o.ownerId, String(o.before), String(o.after), signed(o.after - o.before)]),
          ),
        )
        out.write(
          `\n${formatTable(
            ['PRIORITY', 'NOW', 'CANDIDATE'],
            report.priorities.map((p) => [p.priority, String(p.before), String(p.after)]),
          )}`,
        )
        out.write(`\n${report.moved.length} leads would move to another owner\n`)
        if (report.moved.length > 0) {
          out.write(
            formatTable(
              ['LEAD', 'FROM', 'TO', 'RULE NOW', 'RULE THEN'],
              report.moved.map((m) => [m.leadId, m.from, m.to, m.ruleBefore ?? 'fallback', m.ruleAfter ?? 'fallback']),
            ),
          )
        }
        out.write(`${report.priorityShifts.length} leads would change priority\n`)
        if (report.priorityShifts.length > 0) {
          out.write(
            formatTable(
              ['LEAD', 'FROM', 'TO', 'SCORE NOW', 'SCORE THEN'],
              report.priorityShifts.map((p) => [p.leadId, p.from, p.to, String(p.scoreBefore), String(p.scoreAfter)]),
            ),
          )
        }
      } finally {
        await store.close()
      }
    })
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n)
}
