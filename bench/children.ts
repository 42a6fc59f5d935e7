import { type ChildProcess, fork, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { CONFIG_KEYS } from '../src/config/keys.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface Child {
  readonly name: string
  readonly process: ChildProcess
  readonly url: string
  /** LeadRelay: ms from spawning the process to its first 200 on /readyz. */
  readonly readyMs?: number
  /** The last lines it wrote to stderr/stdout, for error messages. */
  output(): string
}

const running = new Set<ChildProcess>()

/** Kills every child still running; safe to call more than once and from exit handlers. */
export function killAllChildren(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  running.clear()
}

function track(child: ChildProcess, name: string) {
  running.add(child)
  child.once('exit', () => running.delete(child))
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > 40) lines.splice(0, lines.length - 40)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => `${name}:\n${lines.join('\n')}`
}

/** A port the OS says is free right now (loopback only). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export async function startBareServer(): Promise<Child> {
  const child = fork(fileURLToPath(new URL('./bare-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const output = track(child, 'bare server')
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bare server did not start in 10 s\n${output()}`)), 10_000)
    child.once('message', (message) => {
      clearTimeout(timer)
      resolve((message as { port: number }).port)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the bare server exited with ${code}\n${output()}`))
    })
  })
  return { name: 'bare', process: child, url: `http://127.0.0.1:${port}`, output }
}

export interface LeadRelayOptions {
  /** A SQLite file, or (`postgres://…`) a PostgreSQL URL. */
  readonly databaseFile: string
  readonly secret: string
  readonly cwd: string
  /** Extra environment (e.g. LEADRELAY_ROLE=web for an experiment). */
  readonly env?: Record<string, string>
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[]
  /** How often /readyz is asked while starting (ms); small when the start time is measured. */
  readonly readyPollMs?: number
}

/**
 * `node bin/leadrelay.js start`, the compiled CLI exactly as production runs it. The environment is the
 * bench's own minus every LeadRelay setting, so nothing set in the shell changes what is measured.
 */
export async function startLeadRelay(options: LeadRelayOptions): Promise<Child> {
  const port = await freePort()
  const spawnedAt = performance.now()
  const { child, output } = spawnLeadRelay(options, port)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  let readyMs = 0
  for (;;) {
    if (child.exitCode !== null) throw new Error(`LeadRelay exited with ${child.exitCode}\n${output()}`)
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (response.ok) {
        readyMs = performance.now() - spawnedAt
        break
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`LeadRelay was not ready within 20 s\n${output()}`)
    await new Promise((resolve) => setTimeout(resolve, options.readyPollMs ?? 100))
  }
  return { name: 'LeadRelay', process: child, url, output, readyMs }
}

/** A second LeadRelay process, `start --role worker`, on the same database (it serves no HTTP). */
export async function startLeadRelayWorker(options: LeadRelayOptions): Promise<Child> {
  const { child, output } = spawnLeadRelay({ ...options, env: { ...options.env, LEADRELAY_ROLE: 'worker' } }, 0)
  // Nothing to poll: give it a second to migrate (a no-op by now) and start, and check it is still alive.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  if (child.exitCode !== null) throw new Error(`the LeadRelay worker exited with ${child.exitCode}\n${output()}`)
  return { name: 'LeadRelay worker', process: child, url: '', output }
}

function spawnLeadRelay(options: LeadRelayOptions, port: number) {
  const env: Record<string, string | undefined> = { ...process.env }
  for (const key of CONFIG_KEYS) delete env[key.env]
  delete env.LEADRELAY_CONFIG
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseFile.startsWith('postgres') ? options.databaseFile : `sqlite:${options.databaseFile}`,
    LINKEDIN_CLIENT_SECRET: options.secret,
    LOG_LEVEL: 'warn',
    // Only loopback traffic: the worker has no LinkedIn token, but if it ever calls out, it reaches a closed
    // local port instead of LinkedIn.
    LINKEDIN_API_URL: 'http://127.0.0.1:9',
    LINKEDIN_OAUTH_URL: 'http://127.0.0.1:9',
    ...options.env,
  })
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), `${ROOT}bin/leadrelay.js`, 'start'], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return { child, output: track(child, 'LeadRelay') }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves with how it ended. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<string> {
  const proc = child.process
  if (proc.exitCode !== null || proc.signalCode !== null) return `already exited (${proc.exitCode ?? proc.signalCode})`
  const exited = new Promise<string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `exit ${code}`)),
  )
  proc.kill('SIGTERM')
  const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs)
  try {
    return await exited
  } finally {
    clearTimeout(timer)
  }
}
