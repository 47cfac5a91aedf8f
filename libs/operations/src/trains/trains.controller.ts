import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { etagOf, expectedVersion, type Page, Patch, Post, Roles, UUID_404 } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateTrainDto, TrainDto, TrainListQueryDto, TrainPageDto, UpdateTrainDto } from './train.dto.js';
import { TrainsService } from './trains.service.js';

@ApiTags('operations')
@Controller('trains')
@Roles('operator', 'admin')
export class TrainsController {
  constructor(private readonly trains: TrainsService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: TrainDto })
  @ApiConflictResponse({ description: 'This train number already runs that day' })
  async create(@Body() input: CreateTrainDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TrainDto> {
    const train = await this.trains.create(input);
    void reply.header('ETag', etagOf(train.version)).header('Location', `/api/v1/trains/${train.id}`);
    return train;
  }

  @Get()
  @ApiOkResponse({ type: TrainPageDto })
  list(@Query() query: TrainListQueryDto): Promise<Page<TrainDto>> {
    return this.trains.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: TrainDto })
  @ApiNotFoundResponse()
  async get(@Param('id', UUID_404) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<TrainDto> {
    const train = await this.trains.get(id);
    void reply.header('ETag', etagOf(train.version));
    return train;
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: TrainDto })
  @ApiConflictResponse({ description: 'Not possible in the current status (named in the answer)' })
  @ApiPreconditionFailedResponse({ description: 'The train changed since the given ETag' })
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
