export { deliveryView } from './delivery-view.js'
export { decodeLeadCursor, encodeLeadCursor, type LeadView, leadView } from './lead-view.js'
