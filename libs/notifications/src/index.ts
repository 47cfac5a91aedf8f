export * from './migrations/index.js';
export * from './notifications.module.js';
export * from './status-events/status-event.dto.js';
export * from './status-events/status-events.service.js';
export * from './status-events/status-events.listener.js';
export * from './stream/status-event-stream.js';
export * from './relay/relay.module.js';
export * from './webhooks/webhook.dto.js';
