import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StatusEventStream } from '../stream/status-event-stream.js';
import { ANY_ROLE, ApiProblems, type Caller, CurrentCaller, EXAMPLE, type Page, Roles } from '@landbridge/common';
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
  @ApiOperation({
    summary: 'Status updates: the feed',
    description:
      'Every change of a consignment status, oldest first (staff: all; an exporter: its own). To catch up, pass the id ' +
      'of the last event you processed as `after` (or the previous page’s `nextCursor` as `cursor`) until a page comes ' +
      'back empty. An event whose transaction commits late still comes after that id, so a client following the ' +
      'cursor misses none. Delivery is at least once: de-duplicate on `id`.',
  })
  @ApiProblems({
    422: {
      description: '`after` or `cursor` names no event of yours, or both are given with different values',
      slug: 'unknown-event',
      detail: 'Unknown event',
      errors: [{ field: 'after', message: `no event ${EXAMPLE.statusEventId} in your feed` }],
    },
  })
  @ApiOkResponse({
    type: StatusEventPageDto,
    description:
      'Update events (status changes, ETA moves, damage reports, transshipments) oldest first, staff all, an exporter its own. Pass the last id you processed as `after`; an event committed late still comes after it.',
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
  @ApiOperation({
    summary: 'Status updates: a stream of server-sent events',
    description:
      'The caller’s status changes as they happen (staff: all; an exporter: its own), as server-sent events ' +
      '(`text/event-stream`), with a comment every 15 s to keep the connection open. Reconnect with ' +
      '`Last-Event-ID` (browsers do) to receive what was missed meanwhile. A caller may keep STREAMS_PER_CALLER ' +
      'streams open (default 5).',
  })
  @ApiOkResponse({
    description:
      'Server-sent events: `id:` the event id, `event:` its type (`consignment.status_changed`, `consignment.eta_changed`, `consignment.damage_reported`, `consignment.transshipped`), `data:` the event as JSON; a comment every 15 s. Without Last-Event-ID it starts at the current end of the feed.',
    schema: { type: 'string' },
    example:
      'retry: 2000\n\n' +
      `id: ${EXAMPLE.statusEventId}\nevent: consignment.status_changed\ndata: {"id":"${EXAMPLE.statusEventId}",` +
      '"type":"consignment.status_changed","occurredAt":"2024-03-22T09:40:00.000Z","data":{' +
      `"consignmentId":"${EXAMPLE.consignmentId}","waybillNumber":"${EXAMPLE.waybillNumber}",` +
      `"exporterId":"${EXAMPLE.exporterId}","previousStatus":"in_transit","status":"customs_hold",` +
      `"stationCode":"MNZUU","eta":"${EXAMPLE.eta}"}}\n\n`,
  })
  @ApiProblems({
    422: {
      description: 'Last-Event-ID is not the id of an event of yours',
      slug: 'unknown-event',
      detail: 'Unknown event',
      errors: [{ field: 'Last-Event-ID', message: `no event ${EXAMPLE.statusEventId} in your feed` }],
    },
    429: {
      description: 'You (your API key, or your user) already have STREAMS_PER_CALLER streams open; see Retry-After',
      detail: 'At most 5 open event streams per caller; close one before opening another',
    },
    503: {
      description: 'This api process serves STREAMS_PER_PROCESS streams already, or is shutting down; see Retry-After',
      detail: 'This server has no room for another event stream; retry shortly',
    },
  })
  async streamEvents(
    @CurrentCaller() caller: Caller,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.stream.serve(caller, lastEventId?.trim() || undefined, reply);
  }
}
