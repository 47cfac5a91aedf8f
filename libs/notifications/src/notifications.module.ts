import { Module } from '@nestjs/common';
import { EventsController } from './status-events/events.controller.js';
import { StatusEventsService } from './status-events/status-events.service.js';

/** Status updates: the outbox of status changes and the feed that reads it. */
@Module({
  controllers: [EventsController],
  providers: [StatusEventsService],
  exports: [StatusEventsService],
})
export class NotificationsModule {}
