import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildTestServer, TEST_API_TOKEN, type TestServer } from '../../../test/support/test-server.js'
import { addUsers, PASSWORD, TEAM_YAML } from '../../../test/support/web-fixtures.js'
import { postForm, postLogin, signIn } from '../../../test/support/web-session.js'
import { resetPassword } from './users.js'

let server: TestServer

beforeEach(async () => {
  server = await buildTestServer({ yaml: TEAM_YAML })
  await addUsers(server.store, server.clock.now().getTime())
})
afterEach(async () => {
  await server.close()
})

describe('dashboard sign-in', () => {
  it('sends an unauthenticated page request to /login with the page to come back to', async () => {
    const res = await server.app.inject({ url: '/leads?priority=hot' })
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/login?next=%2Fleads%3Fpriority%3Dhot')
  })

  it('signs in with the right password and returns to the page asked for', async () => {
    const res = await postLogin(server.app, 'Admin@Example.com', PASSWORD, '/leads?priority=hot')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/leads?priority=hot')
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('leadrelay_session='))
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Secure/)
  })

  it('never redirects off the site after sign-in', async () => {
    const res = await postLogin(server.app, 'admin@example.com', PASSWORD, '//evil.example/phish')
    expect(res.headers.location).toBe('/leads')
  })

  it('refuses a wrong password with 401 and the form again', async () => {
    const res = await postLogin(server.app, 'admin@example.com', 'wrong password!')
    expect(res.statusCode).toBe(401)
    expect(res.body).toContain('Wrong e-mail or password.')
    expect(res.headers['set-cookie']?.toString()).not.toContain('leadrelay_session=')
  })

  it('answers 429 with Retry-After after 10 failed sign-ins in a minute, even with the right password', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await postLogin(server.app, 'ana@example.com', 'wrong password!')).statusCode).toBe(401)
    }
    const blocked = await postLogin(server.app, 'ana@example.com', PASSWORD)
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    server.clock.advance(61_000)
    expect((await postLogin(server.app, 'ana@example.com', PASSWORD)).statusCode).toBe(303)
  })

  it('refuses a sign-in form posted without its token', async () => {
    const res = await server.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: 'admin@example.com', password: PASSWORD }).toString(),
    })
    expect(res.statusCode).toBe(403)
  })

  it('answers 403 to a state-changing request without the CSRF token', async () => {
    const session = await signIn(server.app, 'admin@example.com', PASSWORD)
    const res = await postForm(server.app, session, '/logout', {}, { csrf: false })
    expect(res.statusCode).toBe(403)
    expect((await server.app.inject({ url: '/leads', headers: { cookie: session.cookie } })).statusCode).toBe(200)
  })

  it('ends the session on sign-out', async () => {
    const session = await signIn(server.app, 'admin@example.com', PASSWORD)
    const out = await postForm(server.app, session, '/logout', {})
    expect(out.statusCode).toBe(303)
    const after = await server.app.inject({ url: '/leads', headers: { cookie: session.cookie } })
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toMatch(/^\/login/)
  })

  it('ends a session left idle longer than the idle limit, and any session at its absolute limit', async () => {
    const idle = await signIn(server.app, 'admin@example.com', PASSWORD)
    server.clock.advance(8 * 3_600_000 + 1)
    expect((await server.app.inject({ url: '/leads', headers: { cookie: idle.cookie } })).statusCode).toBe(303)

    const busy = await signIn(server.app, 'admin@example.com', PASSWORD)
    for (let hour = 0; hour < 7 * 24; hour += 4) {
      server.clock.advance(4 * 3_600_000)
      await server.app.inject({ url: '/leads', headers: { cookie: busy.cookie } })
    }
    expect((await server.app.inject({ url: '/leads', headers: { cookie: busy.cookie } })).statusCode).toBe(303)
  })

  it('signs the account out everywhere when its password is reset', async () => {
    const session = await signIn(server.app, 'manager@example.com', PASSWORD)
    await resetPassword(server.store, 'manager@example.com', 'another long password', server.clock.now().getTime())
    expect((await server.app.inject({ url: '/leads', headers: { cookie: session.cookie } })).statusCode).toBe(303)
    expect((await postLogin(server.app, 'manager@example.com', PASSWORD)).statusCode).toBe(401)
    expect((await postLogin(server.app, 'manager@example.com', 'another long password')).statusCode).toBe(303)
  })

  it('sends a strict CSP (no inline scripts or styles) and no-store on pages', async () => {
    const session = await signIn(server.app, 'admin@example.com', PASSWORD)
    const res = await server.app.inject({ url: '/leads', headers: { cookie: session.cookie } })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers['x-frame-options']).toBeDefined()
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/)
    expect(res.body).not.toMatch(/\sstyle=/)
  })

  it('serves htmx from node_modules under its exact version with year-long caching', async () => {
    const session = await signIn(server.app, 'admin@example.com', PASSWORD)
    const page = await server.app.inject({ url: '/leads', headers: { cookie: session.cookie } })
    const src = /src="(\/assets\/htmx\.org@[^"]+)"/.exec(page.body)?.[1]
    expect(src).toBe('/assets/htmx.org@2.0.11/htmx.min.js')
    const css = /href="(\/assets\/[0-9a-f]{12}\/app\.css)"/.exec(page.body)?.[1]
    for (const url of [src, css]) {
      const res = await server.app.inject({ url: url as string })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toContain('max-age=31536000')
      expect(res.headers['cache-control']).toContain('immutable')
    }
    expect((await server.app.inject({ url: '/assets/htmx.org@2.0.11/htmx.js' })).statusCode).toBe(404)
  })

  it('leaves the bearer-token API as it was', async () => {
    const res = await server.app.inject({ url: '/api/leads', headers: { authorization: `Bearer ${TEST_API_TOKEN}` } })
    expect(res.statusCode).toBe(200)
    expect((await server.app.inject({ url: '/api/leads' })).statusCode).toBe(401)
  })
})
