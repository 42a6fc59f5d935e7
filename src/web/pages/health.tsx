import type { PropsWithChildren } from '@kitajs/html'
import { collectStatus, createSignInLink, type Status } from '../../pipeline/index.js'
import { leadsRepository } from '../../store/index.js'
import { allow } from '../auth/guard.js'
import { ColumnChart } from '../charts/column-chart.js'
import { StateBadge } from '../components/badges.js'
import { formatAge, shownAt } from '../components/format.js'
import { CsrfField, Layout } from '../components/layout.js'
import { SubscriptionsAtLinkedIn, subscriptionsLevel } from '../components/subscriptions-table.js'
import type { WebState } from '../context.js'
import { noticeText } from './lead-access.js'
import { sendHtml, type WebPage } from './page.js'

type Level = 'ok' | 'warn' | 'bad'
const HOUR = 3_600_000
// LinkedIn re-validates every 2 hours; a little slack before amber, and red past the ops alert's threshold.
const CHALLENGE_AMBER_MS = 2.5 * HOUR

function challengeLevel(status: Status): Level {
  if (status.subscriptions.length === 0) return 'warn'
  if (!status.lastChallenge) return 'warn'
  if (status.lastChallenge.outcome !== 'answered') return 'bad'
  return status.lastChallenge.ageSeconds * 1000 > CHALLENGE_AMBER_MS ? 'bad' : 'ok'
}

function webhookLevel(status: Status): Level {
  const levels = [challengeLevel(status), subscriptionsLevel(status.atLinkedIn)]
  return levels.includes('bad') ? 'bad' : levels.includes('warn') ? 'warn' : 'ok'
}

function tokenLevel(status: Status): Level {
  const { linkedin } = status
  if (!linkedin.connected || linkedin.lastRefreshError) return 'bad'
  if (linkedin.refreshDaysLeft !== null && linkedin.refreshDaysLeft <= 7) return 'bad'
  if (linkedin.refreshDaysLeft !== null && linkedin.refreshDaysLeft <= 14) return 'warn'
  return 'ok'
}

function queueLevel(status: Status): Level {
  if ((status.queue.dead ?? 0) > 0 || status.queue.oldestDueSeconds > 600) return 'bad'
  return status.queue.oldestDueSeconds > 60 ? 'warn' : 'ok'
}

const WORD: Record<Level, string> = { ok: 'OK', warn: 'Check', bad: 'Problem' }

function Panel(props: PropsWithChildren<{ id: string; title: string; level: Level }>) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <h2 id={props.id}>
        <span safe>{props.title}</span> <StateBadge level={props.level}>{WORD[props.level]}</StateBadge>
      </h2>
      {props.children}
    </section>
  )
}

function leadsPerHour(times: readonly number[], now: number) {
  const start = now - 24 * HOUR
  const bins = Array.from({ length: 12 }, (_, i) => ({ from: start + i * 2 * HOUR, value: 0 }))
  for (const t of times) {
    const bin = bins[Math.min(11, Math.floor((t - start) / (2 * HOUR)))]
    if (bin) bin.value++
  }
  return bins
}

export const healthPage: WebPage = {
  nav: { href: '/health', label: 'Health', roles: ['admin', 'manager'] },
  routes: async (app, deps) => {
    const managers = allow('admin', 'manager')
    const tz = deps.settings.timeZone

    app.get<{ Querystring: { done?: string } }>('/health', { preHandler: managers }, async (request, reply) => {
      const notice = noticeText(request.query.done)
      const web: WebState = request.web
      const now = deps.clock.now().getTime()
      const [status, recent] = await Promise.all([
        collectStatus(deps.store, deps.tokens, now),
        leadsRepository.receivedSince(deps.store.db, now - 24 * HOUR, 20_000),
      ])
      const hourFormat = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric' })
      const bins = leadsPerHour(recent, now)
      const challenge = status.lastChallenge
      const disabled = Object.entries(status.disabledChannels)
      const openAlerts = status.opsAlerts
      const iso = (text: string | null) => (text ? shownAt(Date.parse(text), tz) : '—')
      return sendHtml(
        reply,
        <Layout web={web} title="Health">
          {notice ? (
            <p class="notice" role="status" safe>
              {notice}
            </p>
          ) : (
            ''
          )}
          <div id="health" hx-get="/health" hx-trigger="every 15s" hx-select="#health" hx-swap="outerHTML">
            <div class="grid">
              <Panel id="h-webhook" title="Webhook and subscriptions" level={webhookLevel(status)}>
                <p safe>
                  {challenge
                    ? `Last challenge from LinkedIn ${formatAge(challenge.ageSeconds * 1000)} ago (${challenge.outcome}), at ${iso(challenge.at)}.`
                    : 'LinkedIn has not challenged the webhook yet.'}
                </p>
                {status.subscriptions.length === 0 && status.atLinkedIn.subscriptions.length === 0 ? (
                  <p>
                    No subscriptions: LinkedIn sends no notifications until one exists (leadrelay subscriptions add).
                  </p>
                ) : (
                  <p>
                    <a href="#h-subscriptions">Each subscription next to LinkedIn's own list</a> is below.
                  </p>
                )}
              </Panel>
              <Panel id="h-token" title="LinkedIn connection" level={tokenLevel(status)}>
                <dl class="facts">
                  <dt>Connected</dt>
                  <dd safe>{status.linkedin.connected ? `yes (${status.linkedin.source ?? 'unknown'})` : 'no'}</dd>
                  <dt>Access token expires</dt>
                  <dd safe>{iso(status.linkedin.accessExpiresAt)}</dd>
                  <dt>Refresh token expires</dt>
                  <dd safe>
                    {status.linkedin.refreshExpiresAt
                      ? `${iso(status.linkedin.refreshExpiresAt)} (${status.linkedin.refreshDaysLeft} days)`
                      : '—'}
                  </dd>
                  <dt>Last refresh error</dt>
                  <dd safe>{status.linkedin.lastRefreshError ?? 'none'}</dd>
                </dl>
                {web.user.role === 'admin' ? (
                  <form method="post" action="/health/linkedin-sign-in">
                    <CsrfField token={web.csrfToken} />
                    <button type="submit">Sign in to LinkedIn again</button>
                  </form>
                ) : (
                  ''
                )}
              </Panel>
              <Panel id="h-queue" title="Queue" level={queueLevel(status)}>
                <dl class="facts">
                  <dt>Pending</dt>
                  <dd safe>{String(status.queue.pending ?? 0)}</dd>
                  <dt>Running</dt>
                  <dd safe>{String(status.queue.running ?? 0)}</dd>
                  <dt>Dead</dt>
                  <dd safe>{String(status.queue.dead ?? 0)}</dd>
                  <dt>Oldest due job waiting</dt>
                  <dd safe>{formatAge(status.queue.oldestDueSeconds * 1000)}</dd>
                </dl>
              </Panel>
              <Panel id="h-alerts" title="Open ops alerts" level={openAlerts.length > 0 ? 'bad' : 'ok'}>
                {openAlerts.length === 0 ? (
                  <p>None.</p>
                ) : (
                  <ul>
                    {openAlerts.map((a) => (
                      <li safe>{`${iso(a.raisedAt)}: ${a.message}${a.sent ? '' : ' (not sent yet)'}`}</li>
                    ))}
                  </ul>
                )}
              </Panel>
              <Panel id="h-channels" title="Channels" level={disabled.length > 0 ? 'bad' : 'ok'}>
                {disabled.length === 0 ? (
                  <p>No channel is disabled.</p>
                ) : (
                  <ul>
                    {disabled.map(([name, reason]) => (
                      <li>
                        <span safe>{`${name}: ${reason}`}</span>
                        <form
                          method="post"
                          action={`/health/channels/${encodeURIComponent(name)}/enable`}
                          class="inline"
                        >
                          <CsrfField token={web.csrfToken} />
                          <button type="submit" aria-label={`Re-enable ${name}`}>
                            Re-enable
                          </button>
                        </form>
                      </li>
                    ))}
                  </ul>
                )}
              </Panel>
              <section class="card" aria-labelledby="h-traffic">
                <h2 id="h-traffic">Leads received, last 24 hours</h2>
                <ColumnChart
                  title="Leads received per two hours, last 24 hours"
                  bars={bins.map((b) => ({ label: hourFormat.format(b.from).replace(' ', ''), value: b.value }))}
                />
              </section>
            </div>
            {status.subscriptions.length === 0 && status.atLinkedIn.subscriptions.length === 0 ? (
              ''
            ) : (
              <section class="card" aria-labelledby="h-subscriptions">
                <h2 id="h-subscriptions">
                  Subscriptions at LinkedIn{' '}
                  <StateBadge level={subscriptionsLevel(status.atLinkedIn)}>
                    {WORD[subscriptionsLevel(status.atLinkedIn)]}
                  </StateBadge>
                </h2>
                <SubscriptionsAtLinkedIn atLinkedIn={status.atLinkedIn} timeZone={tz} />
              </section>
            )}
            <section class="card" aria-labelledby="h-pulls">
              <h2 id="h-pulls">Backfills and reconciliations</h2>
              {status.pulls.length === 0 ? (
                <p>None yet.</p>
              ) : (
                <div class="table-wrap">
                  <table>
                    <caption class="sr-only">The last pulls from LinkedIn</caption>
                    <thead>
                      <tr>
                        <th scope="col">Kind</th>
                        <th scope="col">State</th>
                        <th scope="col">LinkedIn's</th>
                        <th scope="col">Held</th>
                        <th scope="col">Recovered</th>
                        <th scope="col">Started</th>
                      </tr>
                    </thead>
                    <tbody>
                      {status.pulls.map((p) => (
                        <tr>
                          <td safe>{`${p.kind} ${p.leadType}`}</td>
                          <td>
                            <StateBadge level={p.state === 'failed' ? 'bad' : p.state === 'running' ? 'warn' : 'ok'}>
                              {p.state === 'running' ? `running ${Math.round(p.progress * 100)}%` : p.state}
                            </StateBadge>
                          </td>
                          <td safe>{String(p.linkedin)}</td>
                          <td safe>{String(p.held)}</td>
                          <td safe>{String(p.recovered)}</td>
                          <td safe>{iso(p.startedAt)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </div>
        </Layout>,
      )
    })

    app.post('/health/linkedin-sign-in', { preHandler: allow('admin') }, async (_request, reply) => {
      const link = await createSignInLink(deps.store, deps.clock, deps.baseUrl)
      return reply.redirect(link.url, 303)
    })

    app.post<{ Params: { name: string } }>(
      '/health/channels/:name/enable',
      { preHandler: managers },
      async (request, reply) => {
        const outcome = await deps.enableChannel(request.params.name)
        deps.live.poke()
        return reply.redirect(`/health?done=${outcome.kind === 'enabled' ? 'enabled' : 'unknown-channel'}`, 303)
      },
    )
  },
}
