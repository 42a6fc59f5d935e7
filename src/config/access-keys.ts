import type { ConfigKey } from './config-key.js'

export const SECURITY_KEYS: readonly ConfigKey[] = [
  {
    env: 'LEADRELAY_SECRET_KEY',
    path: ['security', 'secretKey'],
    secret: true,
    description: 'Encrypts stored secrets (AES-256-GCM); at least 16 characters, keep it safe',
  },
  {
    env: 'ALLOW_PLAINTEXT_SECRETS',
    path: ['security', 'allowPlaintextSecrets'],
    description: 'true lets an https PUBLIC_URL start without LEADRELAY_SECRET_KEY (secrets stored unencrypted)',
  },
  {
    env: 'ENCRYPT_PERSONAL_DATA',
    path: ['security', 'encryptPersonalData'],
    description:
      "true encrypts leads' personal data with LEADRELAY_SECRET_KEY (AES-256-GCM); lead search then matches an exact e-mail only",
  },
]

export const API_KEYS: readonly ConfigKey[] = [
  {
    env: 'LEADRELAY_API_TOKEN',
    path: ['api', 'token'],
    secret: true,
    description:
      'Bearer token for /api/* (at least 32 characters: openssl rand -hex 32); the API answers 401 without it',
  },
]

export const DASHBOARD_KEYS: readonly ConfigKey[] = [
  {
    env: 'LEADRELAY_ADMIN_EMAIL',
    path: ['dashboard', 'adminEmail'],
    description: 'Creates (or updates) this dashboard admin at start, with LEADRELAY_ADMIN_PASSWORD',
  },
  {
    env: 'LEADRELAY_ADMIN_PASSWORD',
    path: ['dashboard', 'adminPassword'],
    secret: true,
    description: "The admin's password (at least 10 characters); changing it signs that admin out everywhere",
  },
  {
    env: 'DASHBOARD_SESSION_IDLE_MINUTES',
    path: ['dashboard', 'sessionIdleMinutes'],
    description: 'A dashboard session ends after this long without a request',
  },
  {
    env: 'DASHBOARD_SESSION_MAX_HOURS',
    path: ['dashboard', 'sessionMaxHours'],
    description: 'A dashboard session ends this long after sign-in, however active',
  },
  {
    env: 'DASHBOARD_REPS_CAN_REASSIGN',
    path: ['dashboard', 'repsCanReassign'],
    description: 'true or false: reps may hand their own leads to another team member',
  },
]
