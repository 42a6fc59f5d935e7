import type { Config } from './schema.js'

/**
 * Whether LeadRelay may start with the secrets it will store: without LEADRELAY_SECRET_KEY they are kept
 * unencrypted, tolerable on a laptop, refused for an https PUBLIC_URL (a production install) unless the
 * operator says ALLOW_PLAINTEXT_SECRETS=true.
 */
export function secretsPolicy(config: Config): { readonly refuse?: string; readonly warn?: string } {
  if (config.security.secretKey) return {}
  if (config.server.publicUrl?.startsWith('https:') && !config.security.allowPlaintextSecrets) {
    return {
      refuse:
        'PUBLIC_URL is https but LEADRELAY_SECRET_KEY is not set, so LinkedIn tokens would be stored unencrypted. ' +
        'Set LEADRELAY_SECRET_KEY (openssl rand -base64 32), or ALLOW_PLAINTEXT_SECRETS=true to accept that.',
    }
  }
  return { warn: 'LEADRELAY_SECRET_KEY is not set: LinkedIn tokens and the link-signing key are stored unencrypted' }
}

/** Throws when start must be refused; hands a warning to `warn` otherwise. */
export function enforceSecretsPolicy(config: Config, warn: (message: string) => void): void {
  const policy = secretsPolicy(config)
  if (policy.refuse) throw new Error(policy.refuse)
  if (policy.warn) warn(policy.warn)
}
