import type { Generated } from 'kysely'

export const WEB_ROLES = ['admin', 'manager', 'rep'] as const
export type WebRole = (typeof WEB_ROLES)[number]

export interface WebUserTable {
  id: Generated<number>
  email: string
  name: string
  role: WebRole
  /** The team member a rep is; their leads are the ones routed to this id. */
  member_id: string | null
  password_hash: string
  created_at: number
  updated_at: number
}

export interface WebSessionTable {
  /** SHA-256 (hex) of the cookie's token. */
  id: string
  user_id: number
  /** The synchronizer token every state-changing request of this session must carry. */
  csrf_token: string
  created_at: number
  last_seen_at: number
  /** Absolute expiry: the session ends then, however active. */
  expires_at: number
}

export interface WebLoginFailureTable {
  id: Generated<number>
  key: string
  at: number
}
