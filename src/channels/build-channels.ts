import type { Config } from '../config/index.js'
import type { Logger } from '../util/index.js'
import type { Channel, OwnerQuery } from './channel.js'
import { channelConfigs, createChannel, opsChannelConfigs } from './create-channels.js'
import { CONVERSIONS_CHANNEL, createLinkedInConversionsChannel } from './linkedin-conversions.js'
import { DEFAULT_TIMEOUT_MS } from './post-json.js'

export interface ChannelsDeps {
  readonly logger: Logger
  /** Counts a CRM owner lookup that failed (its reason is logged here). */
  readonly onLookupFailed?: (channel: string) => void
  /** LinkedIn's tokens, for the Conversions API channel (`conversions:` in the configuration). */
  readonly linkedinTokens?: { accessToken(): Promise<string>; refreshAccessToken(): Promise<string> }
}

export interface Channels {
  /** Every adapter by name: sales channels and operator channels. */
  readonly byName: ReadonlyMap<string, Channel>
  /** Sales channels in configured order, as alerting needs them. */
  readonly alerting: readonly { readonly name: string; readonly sendTestLeads: boolean; readonly deletes: boolean }[]
  /** Where operator alerts go. */
  readonly ops: readonly string[]
  /** Every channel's name and type, for `leadrelay channels` and the channels API. */
  readonly listed: readonly { readonly name: string; readonly type: string }[]
  /**
   * The team member who owns this person or company in a CRM channel, or null. A failed lookup is logged
   * with its reason and counted, then answers null, so routing falls through to its next rule.
   */
  lookupExistingOwner(channel: string, query: OwnerQuery): Promise<string | null>
  close(): void
}

/** Builds every channel the configuration names (YAML list plus environment shortcuts). */
export function createChannels(config: Config, deps: ChannelsDeps): Channels {
  const sales = channelConfigs(config)
  // A YAML channel may take an ops channel's name (`ops-slack`…): operator alerts then go there.
  const opsConfigs = opsChannelConfigs(config)
  const ops = opsConfigs.filter((c) => !sales.some((s) => s.name === c.name))
  const byName = new Map<string, Channel & { close?: () => void }>(
    [...sales, ...ops].map((c) => [c.name, createChannel(c)]),
  )
  // Conversion events are deliveries on their own channel, never a new lead's alert (so not in `alerting`).
  const conversions = Object.values(config.conversions).some(Boolean) && deps.linkedinTokens
  if (conversions && deps.linkedinTokens)
    byName.set(
      CONVERSIONS_CHANNEL,
      createLinkedInConversionsChannel({
        name: CONVERSIONS_CHANNEL,
        apiUrl: config.linkedin.apiUrl,
        version: config.linkedin.version,
        rules: config.conversions,
        accessToken: deps.linkedinTokens.accessToken,
        refreshAccessToken: deps.linkedinTokens.refreshAccessToken,
        timeoutMs: config.linkedin.timeoutMs,
      }),
    )
  /** CRM user id → team member id, per CRM channel (the inverse of each channel's `owners`). */
  const membersByCrmOwner = new Map(
    sales.flatMap((c) =>
      'owners' in c ? [[c.name, new Map(Object.entries(c.owners).map(([m, crm]) => [crm, m]))] as const] : [],
    ),
  )

  async function lookupExistingOwner(name: string, query: OwnerQuery): Promise<string | null> {
    const channel = byName.get(name)
    if (!channel?.findOwner) return null
    try {
      const found = await channel.findOwner(query, AbortSignal.timeout(DEFAULT_TIMEOUT_MS))
      return found ? (membersByCrmOwner.get(name)?.get(found.crmOwnerId) ?? null) : null
    } catch (error) {
      // Lookup errors are redacted by the adapters (no e-mail or domain in them).
      deps.logger.warn(
        { channel: name, reason: (error as Error).message },
        'CRM owner lookup failed: routing falls through to the next rule',
      )
      deps.onLookupFailed?.(name)
      return null
    }
  }

  return {
    byName,
    alerting: sales.map((c) => {
      const channel = byName.get(c.name) as Channel
      return { name: c.name, sendTestLeads: channel.sendTestLeads, deletes: channel.deleteLead !== undefined }
    }),
    ops: opsConfigs.map((c) => c.name),
    listed: [
      ...[...sales, ...ops].map((c) => ({ name: c.name, type: c.type as string })),
      ...(conversions ? [{ name: CONVERSIONS_CHANNEL, type: 'linkedin-conversions' }] : []),
    ],
    lookupExistingOwner,
    close() {
      for (const channel of byName.values()) channel.close?.()
    },
  }
}
