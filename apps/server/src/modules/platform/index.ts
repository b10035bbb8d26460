/** What other modules use of the platform: change history and events, codes, search, recycle bin. */
export { recordChange, recordChanges, diffFields, type Change, type TimelineRef } from './change-log.repository.js';
export { listAudit } from './audit.repository.js';
export { takeNumbers } from './counters.repository.js';
export { type SearchHit, type SearchProvider, SearchRegistry } from './search.js';
export { type TrashProvider, TrashRegistry } from './recycle-bin.js';
export type { EventDispatcher, DomainEvent, BatchEventHandler } from './events.js';
export { type NotificationDraft, NotificationsService } from './notifications.service.js';
export type { NotificationRow } from './notifications.repository.js';
