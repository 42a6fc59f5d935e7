import { describe, expect, it } from 'vitest'
import { testSimulator } from './test-helpers.js'

const DAY = 86_400_000
const REDIRECT = 'http://127.0.0.1:8080/oauth/callback'

function form(values: Record<string, string>) {
  return { 'content-type': 'application/x-www-form-urlencoded', payload: new URLSearchParams(values).toString() }
}

async function signIn(t: ReturnType<typeof testSimulator>) {
  const authorize = await t.simulator.app.inject({
    method: 'GET',
    url: `/oauth/v2/authorization?response_type=code&client_id=test-client&redirect_uri=${encodeURIComponent(REDIRECT)}&state=xyz&scope=${encodeURIComponent('r_marketing_leadgen_automation r_ads')}`,
  })
  const location = new URL(authorize.headers.location as string)
  const code = location.searchParams.get('code') as string
  const { payload, ...headers } = form({
    grant_type: 'authorization_code',
    code,
    client_id: 'test-client',
    client_secret: 'test-client-secret',
    redirect_uri: REDIRECT,
  })
  const token = await t.simulator.app.inject({ method: 'POST', url: '/oauth/v2/accessToken', headers, payload })
  return { authorize, location, code, token }
}

async function post(t: ReturnType<typeof testSimulator>, url: string, values: Record<string, string>) {
  const { payload, ...headers } = form(values)
  return t.simulator.app.inject({ method: 'POST', url, headers, payload })
}

// LinkedIn OAuth, learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow, /programmatic-refresh-tokens and /token-introspection.
describe('OAuth 2.0', () => {
  it('redirects the authorization page back to redirect_uri with a code and the state', async () => {
    const t = testSimulator()
    const { authorize, location } = await signIn(t)
    expect(authorize.statusCode).toBe(302)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('state')).toBe('xyz')
    expect(location.searchParams.get('code')).toMatch(/^AQ/)
  })

  it('exchanges a code for a 60-day access token and a 365-day refresh token, once', async () => {
    const t = testSimulator()
    const { code, token } = await signIn(t)
    expect(token.statusCode).toBe(200)
    expect(token.json()).toMatchObject({
      expires_in: 5_184_000,
      refresh_token_expires_in: 31_536_000,
      scope: 'r_marketing_leadgen_automation,r_ads',
    })
    expect(token.json().access_token.length).toBeGreaterThan(400)
    const again = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'authorization_code',
      code,
      client_id: 'test-client',
      client_secret: 'test-client-secret',
      redirect_uri: REDIRECT,
    })
    expect(again.statusCode).toBe(400)
    expect(again.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked',
    })
  })

  it('refuses a code older than 30 minutes', async () => {
    const t = testSimulator()
    const authorize = await t.simulator.app.inject({
      method: 'GET',
      url: `/oauth/v2/authorization?response_type=code&client_id=test-client&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    })
    const code = new URL(authorize.headers.location as string).searchParams.get('code') as string
    t.clock.advance(30 * 60_000)
    const res = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'authorization_code',
      code,
      client_id: 'test-client',
      client_secret: 'test-client-secret',
      redirect_uri: REDIRECT,
    })
    expect(res.statusCode).toBe(400)
  })

  it('refreshing gives a new 60-day access token but never extends the refresh token', async () => {
    const t = testSimulator()
    const first = (await signIn(t)).token.json()
    t.clock.advance(59 * DAY)
    const day59 = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: 'test-client',
      client_secret: 'test-client-secret',
    })
    expect(day59.json()).toMatchObject({
      expires_in: 60 * 86_400,
      refresh_token: first.refresh_token,
      refresh_token_expires_in: 306 * 86_400,
    })
    t.clock.advance(301 * DAY)
    const day360 = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: 'test-client',
      client_secret: 'test-client-secret',
    })
    expect(day360.json()).toMatchObject({ expires_in: 5 * 86_400, refresh_token_expires_in: 5 * 86_400 })
    t.clock.advance(5 * DAY)
    const day365 = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
      client_id: 'test-client',
      client_secret: 'test-client-secret',
    })
    expect(day365.statusCode).toBe(400)
  })

  it('answers 401 invalid_client to a wrong client secret and 400 to a missing parameter', async () => {
    const t = testSimulator()
    const wrong = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: 'test-client',
      client_secret: 'nope',
    })
    expect(wrong.statusCode).toBe(401)
    const missing = await post(t, '/oauth/v2/accessToken', {
      grant_type: 'refresh_token',
      client_id: 'test-client',
      client_secret: 'test-client-secret',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error_description).toContain('"refresh_token"')
  })

  it('introspects tokens: active, expired, revoked; 400 for a bad client id or token, 401 for a bad secret', async () => {
    const t = testSimulator()
    const { access_token } = (await signIn(t)).token.json()
    const ask = (values: Record<string, string>) => post(t, '/oauth/v2/introspectToken', values)
    const creds = { client_id: 'test-client', client_secret: 'test-client-secret' }
    const active = (await ask({ ...creds, token: access_token })).json()
    const now = Math.floor(t.clock.now().getTime() / 1000)
    expect(active).toEqual({
      active: true,
      client_id: 'test-client',
      authorized_at: now,
      created_at: now,
      status: 'active',
      expires_at: now + 5_184_000,
      scope: 'r_marketing_leadgen_automation,r_ads',
      auth_type: '3L',
    })
    expect((await ask({ ...creds, client_id: 'other', token: access_token })).statusCode).toBe(400)
    expect((await ask({ ...creds, client_secret: 'nope', token: access_token })).statusCode).toBe(401)
    expect((await ask({ ...creds, token: 'unknown' })).statusCode).toBe(400)
    t.clock.advance(60 * 86_400_000)
    expect((await ask({ ...creds, token: access_token })).json()).toMatchObject({ active: false, status: 'expired' })
    t.simulator.tokens.revoke(access_token)
    expect((await ask({ ...creds, token: access_token })).json()).toMatchObject({ active: false, status: 'revoked' })
  })

  it('the issued access token opens /rest until it expires', async () => {
    const t = testSimulator()
    const { access_token } = (await signIn(t)).token.json()
    expect((await t.rest('/rest/leadForms/7234246', { authorization: `Bearer ${access_token}` })).statusCode).toBe(200)
  })
})
