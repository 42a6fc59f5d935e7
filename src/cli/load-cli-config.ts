import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Config, formatConfigProblems, loadConfig } from '../config/index.js'
import { createLinkedInAccess, type LinkedInAccess } from '../linkedin/index.js'
import { createStore, migrateStore, type Store } from '../store/index.js'
import { createSecretBox, systemClock } from '../util/index.js'

export interface CliEnvironment {
  readonly env: Record<string, string | undefined>
  readonly cwd: string
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  /** For passwords (`--password-stdin` or a prompt); absent in-process. */
  readonly stdin?: NodeJS.ReadStream | NodeJS.ReadableStream
}

export class CliError extends Error {
  override readonly name = 'CliError'
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

/** LEADRELAY_CONFIG names the YAML file; otherwise ./leadrelay.config.yaml is used when present. */
export function loadCliConfig(environment: CliEnvironment, overrides: Record<string, string | undefined> = {}): Config {
  const named = environment.env.LEADRELAY_CONFIG
  const file = resolve(environment.cwd, named ?? 'leadrelay.config.yaml')
  if (named && !existsSync(file)) throw new CliError(`LEADRELAY_CONFIG names ${file}, which does not exist`, 2)
  const fileText = existsSync(file) ? readFileSync(file, 'utf8') : undefined
  const given = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined))
  const result = loadConfig({
    env: { ...environment.env, ...given },
    ...(fileText !== undefined ? { fileText, fileName: file } : {}),
  })
  if (!result.ok) throw new CliError(formatConfigProblems(result.error), 2)
  return result.value
}

/** Opens and migrates the configured store, so read commands work on a fresh database too. */
export async function openCliStore(config: Config): Promise<Store> {
  const store = await createStore({ ...config.database, personalData: config.security })
  try {
    await migrateStore(store)
  } catch (error) {
    await store.close()
    throw error
  }
  return store
}

/** The LinkedIn clients and stored tokens, built as the server builds them. */
export function cliLinkedIn(config: Config, store: Store): LinkedInAccess {
  return createLinkedInAccess(config.linkedin, {
    store,
    clock: systemClock,
    box: createSecretBox(config.security.secretKey),
  })
}
