import { parse as parseYaml } from 'yaml'
import { err, ok, type Result } from '../util/index.js'
import { CONFIG_KEYS } from './keys.js'
import { type Config, ConfigSchema } from './schema.js'

export interface ConfigProblem {
  /** The environment variable when the key has one, else the YAML path. */
  readonly key: string
  readonly message: string
}

export interface ConfigSource {
  readonly env: Record<string, string | undefined>
  /** Text of leadrelay.config.yaml, when there is one. */
  readonly fileText?: string
  readonly fileName?: string
}

type Tree = Record<string, Record<string, unknown>>

/** YAML file, then environment variables on top (env wins); validated once, frozen. */
export function loadConfig(source: ConfigSource): Result<Config, readonly ConfigProblem[]> {
  let tree: Tree = {}
  if (source.fileText !== undefined && source.fileText.trim() !== '') {
    try {
      const parsed: unknown = parseYaml(source.fileText)
      if (parsed !== null && (typeof parsed !== 'object' || Array.isArray(parsed))) {
        return err([{ key: source.fileName ?? 'config file', message: 'must be a YAML mapping of sections' }])
      }
      tree = structuredClone((parsed ?? {}) as Tree)
    } catch (error) {
      return err([{ key: source.fileName ?? 'config file', message: `is not valid YAML: ${(error as Error).message}` }])
    }
  }
  // Every section that has environment keys starts as an object, so its defaults apply.
  for (const section of new Set(CONFIG_KEYS.map((key) => key.path[0]))) {
    if (tree[section] === undefined || tree[section] === null) tree[section] = {}
  }
  for (const key of CONFIG_KEYS) {
    const value = source.env[key.env]
    if (value === undefined || value === '') continue
    const [section, name] = key.path
    ;(tree[section] as Record<string, unknown>)[name] = value
  }
  const parsed = ConfigSchema.safeParse(tree)
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => {
        const path = issue.path.map(String)
        const known = CONFIG_KEYS.find((k) => k.path[0] === path[0] && k.path[1] === path[1])
        const key = known ? `${known.env} (${path.join('.')})` : path.join('.') || 'config'
        return { key, message: issue.message }
      }),
    )
  }
  return ok(deepFreeze(parsed.data))
}

export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return ['Configuration is not valid:', ...problems.map((p) => `  - ${p.key}: ${p.message}`)].join('\n')
}

/** The effective configuration as YAML-ready data, with secrets masked. */
export function describeConfig(config: Config): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  for (const [section, values] of Object.entries(config)) {
    if (section === 'channels') {
      // Channel entries hold webhook URLs, tokens and secrets: show only what kind and name they are.
      out[section] = Object.fromEntries(
        config.channels.map((c) => [c.name, { type: c.type, sendTestLeads: c.sendTestLeads }]),
      )
      continue
    }
    if (values === undefined || Array.isArray(values) || typeof values !== 'object') {
      out[section] = maskNested(values) as Record<string, unknown>
      continue
    }
    if (!CONFIG_KEYS.some((k) => k.path[0] === section)) {
      out[section] = maskNested(values) as Record<string, unknown>
      continue
    }
    out[section] = {}
    for (const [name, value] of Object.entries(values as Record<string, unknown>)) {
      const key = CONFIG_KEYS.find((k) => k.path[0] === section && k.path[1] === name)
      out[section][name] = key?.secret && value !== undefined ? maskSecret(section, String(value)) : value
    }
  }
  return out
}

const SECRET_NAMES = /^(apiKey|password|secret|token|accessToken|clientSecret|botToken)$/

/** Sections without environment keys (team mailboxes, llm, mailbox) hold secrets too: URL passwords and keys. */
function maskNested(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_NAMES.test(key)) return maskSecret('', value)
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]+):[^@\s]*@/i, '$1:****@')
  }
  if (Array.isArray(value)) return value.map((v) => maskNested(v))
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNested(v, k)]))
  return value
}

function maskSecret(section: string, value: string): string {
  if (section === 'database') return value.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@')
  return value.length <= 4 ? '****' : `****${value.slice(-4)}`
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
