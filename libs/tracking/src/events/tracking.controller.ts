import { Body, Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ANY_ROLE, type Caller, CurrentCaller, Post, Roles, UUID_404 } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateConsignmentEventDto, CreateTrainEventDto, TimelineDto, TrackingEventDto } from './tracking-event.dto.js';
import { type Recorded, TrackingService } from './tracking.service.js';

const RECORDED_BEFORE =
  'The same event (type, station, time, subject) was recorded before: it is returned, nothing changes';

function answer(recorded: Recorded, reply: FastifyReply): TrackingEventDto {
  void reply.code(recorded.created ? 201 : 200);
  return recorded.event;
}

@ApiTags('tracking')
@Controller('trains')
export class TrainEventsController {
  constructor(private readonly tracking: TrackingService) {}

  @Post(':id/events')
  @Roles('operator', 'admin')
  @ApiCreatedResponse({ type: TrackingEventDto, description: 'Applied to the train and everything on it' })
  @ApiOkResponse({ type: TrackingEventDto, description: RECORDED_BEFORE })
  @ApiConflictResponse({ description: 'The train’s state forbids it (not departed, already arrived, cancelled)' })
  @ApiUnprocessableEntityResponse({
    description: 'Station not on the route, dated in the future, or contradicting the recorded events',
  })
  async record(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: CreateTrainEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrackingEventDto> {
    return answer(await this.tracking.recordTrainEvent(caller, id, input), reply);
  }
}

@ApiTags('tracking')
@Controller('consignments')
export class ConsignmentEventsController {
  constructor(private readonly tracking: TrackingService) {}

  @Post(':id/events')
  @Roles('operator', 'admin')
  @ApiCreatedResponse({ type: TrackingEventDto })
  @ApiOkResponse({ type: TrackingEventDto, description: RECORDED_BEFORE })
  @ApiConflictResponse({ description: 'Not on a train, no hold to clear, delivery before arrival or while held' })
  async record(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: CreateConsignmentEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrackingEventDto> {
    return answer(await this.tracking.recordConsignmentEvent(caller, id, input), reply);
  }

  @Get(':id/timeline')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: TimelineDto })
  @ApiNotFoundResponse({ description: "No such consignment, or another organization's" })
  timeline(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<TimelineDto> {
    return this.tracking.timeline(caller, id);
  }
}
