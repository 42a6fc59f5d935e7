import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONFIG_KEYS } from './keys.js'
import { describeConfig, loadConfig } from './load-config.js'

function problems(source: Parameters<typeof loadConfig>[0]) {
  const result = loadConfig(source)
  return result.ok ? [] : result.error
}

describe('loadConfig', () => {
  it('starts with nothing set on the embedded SQLite default, port 8080', () => {
    const result = loadConfig({ env: {} })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.database.url).toBe('sqlite:./data/leadrelay.db')
    expect(result.value.database.sqliteSynchronous).toBe('FULL')
    expect(result.value.server.port).toBe(8080)
    expect(result.value.linkedin.apiUrl).toBe('https://api.linkedin.com')
  })

  it('merges the YAML file with the environment, the environment winning', () => {
    const fileText = 'server:\n  port: 9000\n  host: 127.0.0.1\nlinkedin:\n  clientId: from-file\n'
    const result = loadConfig({ env: { PORT: '9100' }, fileText })
    expect(result.ok && result.value.server).toMatchObject({ port: 9100, host: '127.0.0.1' })
    expect(result.ok && result.value.linkedin.clientId).toBe('from-file')
  })

  it('names the key and the problem for a bad value', () => {
    expect(problems({ env: { PORT: 'eighty' } })[0]?.key).toBe('PORT (server.port)')
    expect(problems({ env: { DATABASE_URL: 'mysql://x' } })[0]).toMatchObject({
      key: 'DATABASE_URL (database.url)',
      message: expect.stringContaining('sqlite:PATH'),
    })
    expect(problems({ env: { LOG_LEVEL: 'loud' } })[0]?.key).toBe('LOG_LEVEL (log.level)')
    expect(problems({ env: { LINKEDIN_API_URL: 'ftp://x' } })[0]?.key).toBe('LINKEDIN_API_URL (linkedin.apiUrl)')
  })

  it('requires the TLS certificate and key together', () => {
    expect(problems({ env: { TLS_CERT_FILE: '/cert.pem' } })[0]?.key).toBe('TLS_KEY_FILE (server.tlsKeyFile)')
  })

  it('rejects an API token too short to be safe', () => {
    expect(problems({ env: { LEADRELAY_API_TOKEN: 'short' } })[0]?.key).toBe('LEADRELAY_API_TOKEN (api.token)')
    expect(problems({ env: { LEADRELAY_API_TOKEN: 'a'.repeat(31) + 'b' } })).toEqual([])
    for (const weak of ['x'.repeat(40), 'token-token-token-9876-abcdefgh']) {
      expect(problems({ env: { LEADRELAY_API_TOKEN: weak } })[0]).toMatchObject({
        key: 'LEADRELAY_API_TOKEN (api.token)',
        message: expect.stringContaining('openssl rand -hex 32'),
      })
    }
  })

  it('reports a file that is not YAML, or not a mapping', () => {
    expect(problems({ env: {}, fileText: 'server: [', fileName: 'x.yaml' })[0]?.message).toContain('not valid YAML')
    expect(problems({ env: {}, fileText: '- a\n- b', fileName: 'x.yaml' })[0]?.message).toContain('mapping')
  })

  it('returns a frozen config', () => {
    const result = loadConfig({ env: {} })
    expect(result.ok && Object.isFrozen(result.value.server)).toBe(true)
  })
})

describe('describeConfig', () => {
  it('masks secrets and database passwords', () => {
    const result = loadConfig({
      env: {
        LINKEDIN_CLIENT_SECRET: 'super-secret-value-1234',
        LEADRELAY_API_TOKEN: 'token-token-token-9876-0123456789',
        DATABASE_URL: 'postgres://app:hunter2@db:5432/leadrelay',
      },
    })
    if (!result.ok) throw new Error('config should be valid')
    const text = JSON.stringify(describeConfig(result.value))
    expect(text).not.toContain('super-secret-value')
    expect(text).not.toContain('token-token-token')
    expect(text).not.toContain('hunter2')
    expect(text).toContain('postgres://app:****@db:5432/leadrelay')
  })
})

describe('the README configuration reference', () => {
  it('documents every environment variable', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const missing = CONFIG_KEYS.filter((key) => !readme.includes(`\`${key.env}\``)).map((key) => key.env)
    expect(missing).toEqual([])
  })
})

describe('the README examples', () => {
  it('the US sales team configuration is valid as printed', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const block = readme.split('```yaml\n').find((part) => part.startsWith('team:'))
    expect(block).toBeDefined()
    const result = loadConfig({ env: {}, fileText: (block as string).split('```')[0] })
    if (!result.ok) throw new Error(JSON.stringify(result.error))
    expect(result.value.team?.members.map((m) => m.id)).toEqual(['ana', 'ben', 'cara', 'erin', 'dev', 'sam'])
    expect(result.value.routing.rules.map((r) => r.name)).toEqual([
      'Enterprise',
      'West',
      'East',
      'Hot leads never wait',
    ])
    expect(result.value.channels.map((c) => c.name)).toEqual([
      'sales-slack',
      'sales-managers',
      'sales-email',
      'crm-hook',
    ])
  })
})
