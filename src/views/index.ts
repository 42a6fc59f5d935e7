export { deliveryView } from './delivery-view.js'
export { storedBody } from './event-body.js'
export { decodeLeadCursor, encodeLeadCursor, type LeadView, leadView } from './lead-view.js'
