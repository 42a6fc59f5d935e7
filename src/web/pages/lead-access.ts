import type { LeadRow } from '../../store/index.js'
import type { WebSettings, WebUser } from '../context.js'

/** A rep works only the leads routed to them; everyone else sees every lead. */
export function canSeeLead(user: WebUser, lead: Pick<LeadRow, 'owner_id'>): boolean {
  return user.role !== 'rep' || (user.memberId !== null && lead.owner_id === user.memberId)
}

export function canReassign(user: WebUser, settings: WebSettings, lead: Pick<LeadRow, 'owner_id'>): boolean {
  if (user.role !== 'rep') return true
  return settings.repsCanReassign && canSeeLead(user, lead)
}

/** Replaying deliveries resends to channels: managers and admins only. */
export const REPLAY_ROLES = ['admin', 'manager'] as const

/** Who the timeline says acted: a rep by their team id, others by e-mail. */
export function actorOf(user: WebUser): string {
  return user.memberId ?? user.email
}

/** Fixed texts for `?done=…`, so the URL cannot put arbitrary words on the page. */
export const NOTICES = {
  acknowledged: 'Acknowledged.',
  'already-acknowledged': 'It was already acknowledged.',
  reassigned: 'Reassigned.',
  outcome: 'Outcome recorded.',
  'outcome-unchanged': 'The lead already had that outcome; nothing changed.',
  replayed: 'Queued for delivery again.',
  'not-failed': 'That delivery has not failed; nothing to replay.',
  enabled: 'Channel enabled; what it held back is queued again.',
  'unknown-channel': 'No such channel is configured.',
} as const
export type Notice = keyof typeof NOTICES

export function noticeText(value: unknown): string | undefined {
  return typeof value === 'string' && value in NOTICES ? NOTICES[value as Notice] : undefined
}
