import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ApiIdParam,
  ApiProblems,
  EXAMPLE,
  etagOf,
  expectedVersion,
  type Page,
  Patch,
  Post,
  Roles,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import {
  CreateTrainDto,
  PLANNED_TRAIN_EXAMPLE,
  TrainDto,
  TrainListQueryDto,
  TrainPageDto,
  UpdateTrainDto,
} from './train.dto.js';
import { TrainsService } from './trains.service.js';

@ApiTags('operations')
@Controller('trains')
@Roles('operator', 'admin')
export class TrainsController {
  constructor(private readonly trains: TrainsService) {}

  @Post()
  @Audited('train.created')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Plan a train',
    description:
      'Staff plan a train: its CR Express number (reused on other days: one train of a number a day, China time), ' +
      'its route and its planned departure from the origin. It starts `planned`; loadings move it to `loading`, its ' +
      '`DEPARTED` event to `departed`.',
  })
  @ApiCreatedResponse({
    type: TrainDto,
    description: 'The train; Location names it, ETag carries its version',
    example: PLANNED_TRAIN_EXAMPLE,
  })
  @ApiProblems({
    409: {
      description: 'This train number already runs that day',
      slug: 'train-number-taken',
      detail: `Train ${EXAMPLE.trainNumber} already runs on that day`,
    },
    422: {
      description: 'The route does not exist',
      slug: 'unknown-route',
      detail: 'Unknown route',
      errors: [{ field: 'routeCode', message: 'route ZGZ-MOW-XYZ does not exist' }],
    },
  })
  async create(@Body() input: CreateTrainDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TrainDto> {
    const train = await this.trains.create(input);
    void reply.header('ETag', etagOf(train.version)).header('Location', `/api/v1/trains/${train.id}`);
    return train;
  }

  @Get()
  @ApiOperation({
    summary: 'List trains',
    description:
      'Trains, latest planned departure first, optionally of one `status` and one `trainNumber` (the number a train ' +
      'runs under now, or one it ran under before a transshipment); for staff. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: TrainPageDto, description: 'A page of trains' })
  list(@Query() query: TrainListQueryDto): Promise<Page<TrainDto>> {
    return this.trains.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a train',
    description:
      'One train: its status, where it was last seen, its ETA at the destination and what it carries; for staff ' +
      '(exporters see their consignment’s train in the consignment). The ETag carries its version.',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiOkResponse({ type: TrainDto, description: 'The train; the ETag header carries its version' })
  async get(@Param('id', UUID_404) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<TrainDto> {
    const train = await this.trains.get(id);
    void reply.header('ETag', etagOf(train.version));
    return train;
  }

  @Patch(':id')
  @Audited('train.updated')
  @ApiOperation({
    summary: 'Reschedule, cancel or close a train',
    description:
      'Staff move the planned departure (before departure), cancel a train (before departure: its loadings are ' +
      'released) or close it (after arrival). Send the ETag you read as `If-Match` so that a change made meanwhile ' +
      'is not overwritten (412 then).',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the version being changed',
    example: '"4"',
  })
  @ApiOkResponse({ type: TrainDto, description: 'The train as changed, with its new ETag' })
  @ApiProblems({
    409: {
      description: 'Not possible in the current status (named in the answer)',
      slug: 'illegal-train-transition',
      detail: 'The train is departed; it cannot become cancelled',
      errors: [{ field: 'status', message: 'cannot go from departed to cancelled' }],
    },
    412: {
      description: 'The train changed since the given ETag',
      detail: `Train ${EXAMPLE.trainId} is at version 5, not 4`,
    },
  })
  async update(
    @Param('id', UUID_404) id: string,
    @Body() input: UpdateTrainDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrainDto> {
    const train = await this.trains.update(id, input, expectedVersion(ifMatch));
    void reply.header('ETag', etagOf(train.version));
    return train;
  }
}
