import { Liquid, type Template } from 'liquidjs'
import type { TeamMember } from '../routing/index.js'
import type { Sequence } from './config-schema.js'

/** A sequence template that does not parse or names something that does not exist. */
export class StepTemplateError extends Error {
  override readonly name = 'StepTemplateError'
}

const LEAD_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'workEmail',
  'phone',
  'jobTitle',
  'seniority',
  'company',
  'companySize',
  'industry',
  'city',
  'state',
  'postalCode',
  'country',
] as const

export interface StepVariables {
  readonly lead: Record<string, string | null> & { readonly name: string }
  readonly owner: { readonly name: string; readonly firstName: string; readonly email: string | null }
  readonly answers: readonly { readonly question: string; readonly answer: string }[]
  readonly sequence: string
}

/** What a sequence template can name: `lead.firstName`, `lead.company`, `owner.firstName`, `answers`… */
export function stepVariables(
  fields: Record<string, string | null>,
  answers: readonly { question: string; answer: string }[],
  owner: Pick<TeamMember, 'name' | 'email'> & { readonly mailboxFrom?: string | undefined },
  sequence: string,
): StepVariables {
  const lead = Object.fromEntries(LEAD_FIELDS.map((f) => [f, fields[f] ?? null])) as Record<string, string | null>
  const name = [lead.firstName, lead.lastName].filter(Boolean).join(' ') || 'there'
  return {
    lead: { ...lead, name },
    owner: { name: owner.name, firstName: owner.name.split(/\s+/)[0] ?? owner.name, email: owner.email ?? null },
    answers,
    sequence,
  }
}

const SAMPLE = stepVariables({}, [], { name: 'Sample Owner', email: 'owner@example.com' }, 'sample')

/** Every template of every sequence, parsed and trial-rendered at start-up so a typo fails there. */
export function createStepTemplates(sequences: readonly Sequence[]) {
  const engine = new Liquid({ strictVariables: true, strictFilters: true, lenientIf: true })
  const parsed = new Map<string, Template[]>()

  function compile(where: string, source: string): Template[] {
    try {
      const template = engine.parse(source)
      engine.renderSync(template, SAMPLE as unknown as Record<string, unknown>)
      return template
    } catch (error) {
      throw new StepTemplateError(`${where}: ${(error as Error).message}`, { cause: error })
    }
  }

  for (const sequence of sequences) {
    for (const step of sequence.steps) {
      const where = `sequence "${sequence.name}" step "${step.id}"`
      const parts: [string, string | undefined][] =
        step.type === 'email'
          ? [
              ['subject', step.subject],
              ['body', step.body],
            ]
          : step.type === 'task'
            ? [
                ['text', step.text],
                ['message', step.message],
              ]
            : []
      for (const [part, source] of parts) {
        if (source !== undefined) parsed.set(`${sequence.name}/${step.id}/${part}`, compile(`${where} ${part}`, source))
      }
    }
  }

  /** The rendered part, or undefined when the step has none. */
  function render(sequence: string, stepId: string, part: string, variables: StepVariables): string | undefined {
    const template = parsed.get(`${sequence}/${stepId}/${part}`)
    if (!template) return undefined
    try {
      return engine.renderSync(template, variables as unknown as Record<string, unknown>) as string
    } catch (error) {
      throw new StepTemplateError(`sequence "${sequence}" step "${stepId}" ${part}: ${(error as Error).message}`)
    }
  }

  return { render }
}
export type StepTemplates = ReturnType<typeof createStepTemplates>
