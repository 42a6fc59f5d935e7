import type { ComparedSubscription, Status, SubscriptionMatch } from '../../pipeline/index.js'
import { StateBadge } from './badges.js'
import { formatAge, shownAt } from './format.js'

type Level = 'ok' | 'warn' | 'bad'

const MATCH: Record<SubscriptionMatch, { readonly level: Level; readonly word: string }> = {
  matching: { level: 'ok', word: 'matching' },
  'missing-at-linkedin': { level: 'bad', word: 'missing at LinkedIn' },
  'not-active': { level: 'bad', word: 'not active at LinkedIn' },
  'unknown-to-us': { level: 'warn', word: 'unknown to us' },
  'webhook-differs': { level: 'warn', word: 'webhook differs' },
  'not-checked': { level: 'warn', word: 'not checked yet' },
}

/** The worst of the comparisons and the snapshots' errors, for the panel's badge. */
export function subscriptionsLevel(atLinkedIn: Status['atLinkedIn']): Level {
  const levels = atLinkedIn.subscriptions.map((s) => MATCH[s.match].level)
  if (atLinkedIn.snapshots.some((s) => s.error !== null)) levels.push('warn')
  return levels.includes('bad') ? 'bad' : levels.includes('warn') ? 'warn' : 'ok'
}

const ownerText = (owner: Record<string, string> | null) => (owner ? (Object.values(owner)[0] ?? '—') : '—')

function LinkedInState({ s }: { s: ComparedSubscription }) {
  if (s.webhookStatus === 'BLOCKED') return <StateBadge level="bad">BLOCKED at LinkedIn</StateBadge>
  if (!s.linkedin) return <span class="muted">not listed</span>
  if (s.webhookStatus === 'ACTIVE' && s.linkedin.state === null) return <StateBadge level="ok">ACTIVE</StateBadge>
  const state = s.linkedin.state
  if (state === null) return <span>listed</span>
  return <StateBadge level={state.toUpperCase() === 'ACTIVE' ? 'ok' : 'bad'}>{state}</StateBadge>
}

/** Our subscriptions next to LinkedIn's list as the health check last fetched it (no LinkedIn call here). */
export function SubscriptionsAtLinkedIn({
  atLinkedIn,
  timeZone,
}: {
  atLinkedIn: Status['atLinkedIn']
  timeZone: string
}) {
  const at = (text: string | null) => (text ? shownAt(Date.parse(text), timeZone) : '—')
  const hooks = atLinkedIn.webhooks
  return (
    <>
      {hooks ? (
        // Most Lead Sync apps get a 403 here (the API is documented for Apply Connect and Job Posting), so
        // its failure is a note, not a warning: the subscription list above still works without it.
        <p class="muted" safe>
          {`LinkedIn's webhook states (developerWebhooks): ` +
            (hooks.ageSeconds === null
              ? 'never fetched'
              : `fetched ${formatAge(hooks.ageSeconds * 1000)} ago (${at(hooks.fetchedAt)})`) +
            (hooks.error ? `; last check ${at(hooks.checkedAt)} failed: ${hooks.error}` : '')}
        </p>
      ) : (
        ''
      )}
      {atLinkedIn.snapshots.length === 0 ? (
        <p>LinkedIn's own list has not been fetched yet (the health check does, while LinkedIn is connected).</p>
      ) : (
        <ul>
          {atLinkedIn.snapshots.map((snap) => (
            <li>
              <span safe>
                {`LinkedIn's list for ${ownerText(snap.owner)} · ${snap.leadType}: ` +
                  (snap.ageSeconds === null
                    ? 'never fetched'
                    : `fetched ${formatAge(snap.ageSeconds * 1000)} ago (${at(snap.fetchedAt)})`)}
              </span>
              {snap.error ? (
                <>
                  {' '}
                  <StateBadge level="warn">{`last check ${at(snap.checkedAt)} failed: ${snap.error}`}</StateBadge>
                </>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
      {/* Nothing in it takes focus, so the frame itself does: keyboard users can scroll it on a phone. */}
      <section class="table-wrap" tabindex="0" aria-label="Our subscriptions next to LinkedIn's">
        <table>
          <caption class="sr-only">Our subscriptions next to LinkedIn's</caption>
          <thead>
            <tr>
              <th scope="col">Subscription</th>
              <th scope="col">Owner · lead type</th>
              <th scope="col">Our webhook</th>
              <th scope="col">LinkedIn's webhook</th>
              <th scope="col">LinkedIn's state</th>
              <th scope="col">Comparison</th>
            </tr>
          </thead>
          <tbody>
            {atLinkedIn.subscriptions.map((s) => (
              <tr>
                <th scope="row" safe>
                  {s.id}
                </th>
                <td safe>{`${ownerText(s.owner)} · ${s.leadType}`}</td>
                <td safe>{s.ours ? `${s.ours.webhook} (since ${at(s.ours.createdAt)})` : '—'}</td>
                <td safe>{s.linkedin?.webhook ?? '—'}</td>
                <td>
                  <LinkedInState s={s} />
                </td>
                <td>
                  <StateBadge level={MATCH[s.match].level}>{MATCH[s.match].word}</StateBadge>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {atLinkedIn.subscriptions.some((s) => s.webhookStatus === 'BLOCKED') ? (
        <p>
          <StateBadge level="bad">BLOCKED at LinkedIn</StateBadge> LinkedIn sends no lead notification to a blocked
          webhook. Fix the endpoint (it must answer LinkedIn's challenge over HTTPS with the right client secret), then
          re-validate it in the LinkedIn developer portal or re-subscribe with{' '}
          <code>leadrelay subscriptions revalidate</code>.
        </p>
      ) : (
        ''
      )}
    </>
  )
}
