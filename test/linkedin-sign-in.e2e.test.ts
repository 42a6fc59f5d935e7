import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort } from './support/child-process.js'
import { API_TOKEN, startWorld, type World } from './support/relay-with-simulator.js'

let world: World
beforeEach(async () => {
  // The redirect URI must come from PUBLIC_URL, so the relay listens on a port known in advance.
  const port = await freePort()
  world = await startWorld({ env: { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } })
})
afterEach(async () => {
  await world?.close()
})

async function signInLink(): Promise<string> {
  const res = await fetch(`${world.relayUrl}/api/auth/linkedin/sign-in-link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}` },
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { url: string }).url
}

const get = (url: string, cookie?: string) => fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} })

describe('signing in to LinkedIn through LeadRelay', () => {
  it('walks the OAuth code flow and stores the tokens LinkedIn issues', async () => {
    const start = await get(await signInLink())
    expect(start.status).toBe(302)
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string
    const authorize = new URL(start.headers.get('location') as string)
    expect(authorize.origin + authorize.pathname).toBe(`${world.simulatorUrl}/oauth/v2/authorization`)
    expect(authorize.searchParams.get('scope')).toBe('r_marketing_leadgen_automation r_ads r_organization_admin')
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${world.relayUrl}/auth/linkedin/callback`)

    const back = await get(authorize.toString())
    const callback = back.headers.get('location') as string
    const done = await get(callback, cookie)
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('connected to LinkedIn')

    const status = (
      await world.api<{ connected: boolean; source: string; refreshExpiresAt: string }>('/api/auth/linkedin')
    ).body
    expect(status).toMatchObject({ connected: true, source: 'oauth' })
    expect(Date.parse(status.refreshExpiresAt) - Date.now()).toBeGreaterThan(364 * 86_400_000)

    // The code and the state work once.
    expect((await get(callback, cookie)).status).toBe(400)
  })

  it('refuses a callback from another browser (no matching state cookie)', async () => {
    const start = await get(await signInLink())
    const back = await get(start.headers.get('location') as string)
    const done = await get(back.headers.get('location') as string)
    expect(done.status).toBe(400)
    expect((await world.relay.tokens.status()).source).toBe('cli')
  })

  it('does not start a sign-in without a link made with the API token', async () => {
    expect((await get(`${world.relayUrl}/auth/linkedin`)).status).toBe(401)
    expect((await get(`${world.relayUrl}/auth/linkedin?state=made-up`)).status).toBe(401)
    const res = await fetch(`${world.relayUrl}/api/auth/linkedin/sign-in-link`, { method: 'POST' })
    expect(res.status).toBe(401)
  })

  it('shows why when LinkedIn reports an error instead of a code', async () => {
    const start = await get(await signInLink())
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string
    const res = await get(
      `${world.relayUrl}/auth/linkedin/callback?error=user_cancelled_login&error_description=The+member+declined`,
      cookie,
    )
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('The member declined')
  })

  it('refuses to sign in without PUBLIC_URL rather than trusting the Host header for the redirect URI', async () => {
    await world.close()
    world = await startWorld()
    const res = await fetch(`${world.relayUrl}/api/auth/linkedin/sign-in-link`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, host: 'evil.example' },
    })
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('PUBLIC_URL')
    const page = await get(`${world.relayUrl}/auth/linkedin?state=anything`)
    expect(page.status).toBe(503)
    expect(await page.text()).toContain('PUBLIC_URL')
  })

  it('marks the state cookie Secure when PUBLIC_URL is https, even when a TLS proxy speaks http to it', async () => {
    await world.close()
    world = await startWorld({ env: { PUBLIC_URL: 'https://leads.example.com' } })
    const link = new URL(await signInLink())
    expect(link.origin).toBe('https://leads.example.com')
    const start = await get(`${world.relayUrl}${link.pathname}${link.search}`)
    expect(start.status).toBe(302)
    expect(start.headers.get('set-cookie')).toMatch(/; Secure/)
    expect(new URL(start.headers.get('location') as string).searchParams.get('redirect_uri')).toBe(
      'https://leads.example.com/auth/linkedin/callback',
    )
  })
})
