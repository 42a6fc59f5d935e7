import type { DeliveryRow } from '../store/index.js'

export function deliveryView(row: DeliveryRow) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return {
    id: row.id,
    leadId: row.lead_id,
    channel: row.channel,
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    externalId: row.external_id,
    createdAt: iso(row.created_at),
    deliveredAt: iso(row.delivered_at),
    updatedAt: iso(row.updated_at),
  }
}
