import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { exited, freePort, spawnLeadRelay, waitUntilReady } from '../support/child-process.js'
import { TEST_SECRET } from '../support/linkedin.js'

export interface RelayChild {
  readonly child: ChildProcess
  readonly port: number
  readonly url: string
  /** The child's resident set size in bytes, from /proc. */
  rss(): number
  /** Open file descriptors, from /proc. */
  fds(): number
  /** The last lines it printed. */
  output(): string
  stop(): Promise<void>
}

/** The real CLI (`leadrelay start`) over SQLite in `dir`, listening on loopback. */
export async function startRelayChild(
  dir: string,
  env: Record<string, string> = {},
  options: { port?: number; command?: (args: string[], env: Record<string, string>) => ChildProcess } = {},
): Promise<RelayChild> {
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const fullEnv = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${dir}/leadrelay.db`,
    LINKEDIN_CLIENT_SECRET: TEST_SECRET,
    LINKEDIN_API_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'warn',
    ...env,
  }
  const child = (options.command ?? spawnLeadRelay)(['start'], fullEnv)
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (lines.length > 60) lines.splice(0, lines.length - 60)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  try {
    await waitUntilReady(url, child, 60_000)
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n${lines.join('\n')}`)
  }
  const status = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
    return Number(match?.[1] ?? 0)
  }
  return {
    child,
    port,
    url,
    rss: () => status('VmRSS') * 1024,
    fds: () => readdirSync(`/proc/${child.pid}/fd`).length,
    output: () => lines.join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited(child)
    },
  }
}
