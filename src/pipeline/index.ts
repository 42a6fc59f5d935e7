export { createProcessLeadHandler } from './process-lead-job.js'
export {
  createReceiveNotification,
  type ReceiveNotification,
  type ReceiveNotificationDeps,
  type ReceiveResult,
} from './receive-notification.js'
