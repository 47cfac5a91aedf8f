import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiHeader,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StatusEventStream } from '../stream/status-event-stream.js';
import { ANY_ROLE, type Caller, CurrentCaller, type Page, Roles } from '@landbridge/common';
import { FeedQueryDto, StatusEventPageDto, type UpdateEventDto } from './status-event.dto.js';
import { StatusEventsService } from './status-events.service.js';

@ApiTags('status updates')
@Controller('events')
@Roles(...ANY_ROLE)
export class EventsController {
  constructor(
    private readonly events: StatusEventsService,
    private readonly stream: StatusEventStream,
  ) {}

  @Get()
  @ApiOkResponse({
    type: StatusEventPageDto,
    description:
      'Update events (status changes, ETA moves, damage reports) oldest first, staff all, an exporter its own. Pass the last id you processed as `after`; an event committed late still comes after it.',
  })
  feed(@CurrentCaller() caller: Caller, @Query() query: FeedQueryDto): Promise<Page<UpdateEventDto>> {
    return this.events.feed(caller, query);
  }

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event (sent by browsers on reconnect)',
  })
  @ApiOkResponse({
    description:
      'Server-sent events: `id:` the event id, `event:` its type (`consignment.status_changed`, `consignment.eta_changed`, `consignment.damage_reported`), `data:` the event as JSON; a comment every 15 s. Without Last-Event-ID it starts at the current end of the feed.',
  })
  @ApiUnprocessableEntityResponse({ description: 'Last-Event-ID names no event of yours' })
  @ApiTooManyRequestsResponse({
    description: 'You (your API key, or your user) already have STREAMS_PER_CALLER streams open; see Retry-After',
  })
  @ApiServiceUnavailableResponse({
    description: 'This api process serves STREAMS_PER_PROCESS streams already, or is shutting down; see Retry-After',
  })
  async streamEvents(
    @CurrentCaller() caller: Caller,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.stream.serve(caller, lastEventId?.trim() || undefined, reply);
  }
}
