export { createStore, migrateStore, type StoreOptions } from './create-store.js'
export type { Database, EventRow, EventStatus, JobRow, JobState, NewEventRow, NewJobRow } from './database.js'
export { EVENT_STATUSES } from './database.js'
export { countEventsByStatus, type EventPage, getEvent, listEvents, setEventStatus } from './events-repository.js'
export {
  type Capabilities,
  type Dialect,
  type Inbox,
  type InboxEntry,
  type InboxOutcome,
  type Store,
  StoreUnavailableError,
} from './store.js'
