import { Body, Controller, Get, Param, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  noteAudit,
  Audited,
  ANY_ROLE,
  ApiIdParam,
  ApiProblems,
  type Caller,
  CurrentCaller,
  EXAMPLE,
  Post,
  Roles,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateConsignmentEventDto, CreateTrainEventDto, TimelineDto, TrackingEventDto } from './tracking-event.dto.js';
import { type Recorded, TrackingService } from './tracking.service.js';

const RECORDED_BEFORE =
  'The same event (type, station, time, subject) was recorded before: it is returned, nothing changes';
const ORDERING =
  'Events may arrive late and in any order (handhelds sync late): status, position and ETA follow from all the events ' +
  'in time order, never from the order of arrival; a time more than 5 minutes ahead of the server is refused.';

function answer(recorded: Recorded, reply: FastifyReply): TrackingEventDto {
  void reply.code(recorded.created ? 201 : 200);
  // The same event recorded again changes nothing: it leaves no audit entry.
  if (!recorded.created) noteAudit({ unchanged: true });
  return recorded.event;
}

@ApiTags('tracking')
@Controller('trains')
export class TrainEventsController {
  constructor(private readonly tracking: TrackingService) {}

  @Post(':id/events')
  @Audited('train.event_recorded', { param: 'id' })
  @Roles('operator', 'admin')
  @ApiOperation({
    summary: 'Record a train event',
    description:
      'Staff record what happened to a train, which applies to every consignment and vehicle on it: `DEPARTED` from ' +
      'the origin first, then arrivals, departures, border crossings, gauge changes and delays (`delayHours`) at stops ' +
      `of its route, and \`ARRIVED\` at the destination last in time. ${ORDERING} Each consignment whose status changes ` +
      'gets a status update (feed, stream, webhooks). The same event sent again is recorded once (200).',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiCreatedResponse({ type: TrackingEventDto, description: 'Applied to the train and everything on it' })
  @ApiOkResponse({ type: TrackingEventDto, description: RECORDED_BEFORE })
  @ApiProblems({
    409: {
      description:
        'The train’s state forbids it for now (not departed yet, already departed or arrived, cancelled or closed): ' +
        'a handheld may send it again later',
      slug: 'train-not-departed',
      detail: `Train ${EXAMPLE.trainNumber} has not departed: record its DEPARTED event first`,
    },
    422: {
      description:
        'Station not on the route, dated in the future, delayHours on another type than DELAYED, or a time that ' +
        'contradicts the route order or the recorded events (the reason in errors[])',
      slug: 'event-out-of-order',
      detail: 'The event contradicts the train’s route or its recorded events',
      errors: [
        {
          field: 'occurredAt',
          message: 'is after ARRIVED_AT_STATION at RUNKI (2024-03-23T14:20:00.000Z), a later stop of the route',
        },
      ],
    },
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
  @Audited('consignment.event_recorded', { param: 'id' })
  @Roles('operator', 'admin')
  @ApiOperation({
    summary: 'Record a consignment event',
    description:
      'Staff record what happened to one consignment on its train: customs holds and clearances, damage to a ' +
      'vehicle (`vin`), unloading and delivery. The consignment must be on a train; away from the origin the train ' +
      `must have departed by then; unloading and delivery come after its arrival. ${ORDERING} A change of status ` +
      'gets a status update (feed, stream, webhooks). The same event sent again is recorded once (200).',
  })
  @ApiIdParam('consignment', EXAMPLE.consignmentId)
  @ApiCreatedResponse({ type: TrackingEventDto, description: 'Applied to the consignment' })
  @ApiOkResponse({ type: TrackingEventDto, description: RECORDED_BEFORE })
  @ApiProblems({
    409: {
      description:
        'The journey forbids it for now: not on a train, cancelled, the train not departed or not arrived by then, ' +
        'a customs hold open (or none to clear), delivered already',
      slug: 'consignment-event-impossible',
      detail:
        'CUSTOMS_HOLD at MNZUU (2024-03-22T09:40:00.000Z) cannot be recorded: a customs hold is open since ' +
        '2024-03-22T07:15:00.000Z: record CUSTOMS_CLEARED between two holds',
    },
    422: {
      description:
        'Station neither on the route nor the destination, dated in the future, or a `vin` not of this consignment',
      slug: 'station-not-on-way',
      detail: 'The station is not on the consignment’s way',
      errors: [{ field: 'stationCode', message: `CNMLX is not a stop of route ${EXAMPLE.routeCode}` }],
    },
  })
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
  @ApiOperation({
    summary: 'Timeline of a consignment',
    description:
      'What happened to a consignment, in time order (its train’s events and its own), and the stops of its route ' +
      'with their planned times and, for stops ahead, the expected ones. Empty before it is on a train. An exporter ' +
      "gets another organization's consignment as 404.",
  })
  @ApiIdParam(
    'consignment',
    EXAMPLE.consignmentId,
    "No consignment has this id, or it is another organization's (never told apart)",
  )
  @ApiOkResponse({ type: TimelineDto, description: 'Its events and the planned stops' })
  timeline(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<TimelineDto> {
    return this.tracking.timeline(caller, id);
  }
}
