import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, type Caller, CurrentCaller, type Page, Roles } from '@landbridge/common';
import { FeedQueryDto, type StatusEventDto, StatusEventPageDto } from './status-event.dto.js';
import { StatusEventsService } from './status-events.service.js';

@ApiTags('status updates')
@Controller('events')
@Roles(...ANY_ROLE)
export class EventsController {
  constructor(private readonly events: StatusEventsService) {}

  @Get()
  @ApiOkResponse({
    type: StatusEventPageDto,
    description:
      'Status changes oldest first, staff all, an exporter its own. Pass the last id you processed as `after`; an event committed late still comes after it.',
  })
  feed(@CurrentCaller() caller: Caller, @Query() query: FeedQueryDto): Promise<Page<StatusEventDto>> {
    return this.events.feed(caller, query);
  }
}
