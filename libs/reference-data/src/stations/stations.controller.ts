import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  ApiProblems,
  etagOf,
  expectedVersion,
  type Page,
  PageQueryDto,
  Post,
  Put,
  Roles,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateStationDto, UpdateStationDto } from './station-input.dto.js';
import { StationDto, StationPageDto } from './station.dto.js';
import { StationsService } from './stations.service.js';

const STATION_CODE = { name: 'code', example: 'CNZGZ', description: 'The station code' };
const NOT_FOUND = { description: 'No station has this code', detail: 'Station RUVRS was not found' };

@ApiTags('reference data')
@Controller('stations')
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'List stations',
    description:
      'The stations of the corridor, by code: terminals, border crossings (where the gauge changes) and junctions, ' +
      'seeded with the Zhengzhou – Moscow routes. Any signed-in caller. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: StationPageDto, description: 'A page of stations, by code' })
  list(@Query() query: PageQueryDto): Promise<Page<StationDto>> {
    return this.stations.list(query.limit, query.cursor);
  }

  @Get(':code')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Get a station',
    description:
      'One station by its code, with its `ETag` (send it as `If-Match` to replace it). Any signed-in caller.',
  })
  @ApiParam(STATION_CODE)
  @ApiOkResponse({ type: StationDto, description: 'The station; the ETag header carries its version' })
  @ApiProblems({ 404: NOT_FOUND })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StationDto> {
    const station = await this.stations.get(code);
    void reply.header('ETag', etagOf(station.version));
    return station;
  }

  @Post()
  @Audited('station.created')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a station',
    description:
      'Admins add a station: its code is the country and three letters or digits (the UN/LOCODE where one exists), ' +
      'and starts with its country. Routes may then stop there.',
  })
  @ApiCreatedResponse({ type: StationDto, description: 'The station; Location names it, ETag carries its version' })
  @ApiProblems({
    409: {
      description: 'A station with this code exists',
      slug: 'station-code-taken',
      detail: 'Station CNZGZ already exists',
    },
    422: {
      description: 'The code does not start with the country',
      slug: 'station-country-mismatch',
      detail: 'The station code must start with its country',
      errors: [{ field: 'code', message: 'must start with the country code RU' }],
    },
  })
  async create(@Body() input: CreateStationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StationDto> {
    const station = await this.stations.create(input);
    void reply.header('ETag', etagOf(station.version)).header('Location', `/api/v1/stations/${station.code}`);
    return station;
  }

  @Put(':code')
  @Audited('station.updated', { param: 'code' })
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace a station',
    description:
      'Admins replace the name, local name, gauge, kind and time zone of a station (its code and country stay). Send ' +
      'the ETag you read as `If-Match` so that a change made meanwhile is not overwritten (412 then).',
  })
  @ApiParam(STATION_CODE)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the version being replaced',
    example: '"1"',
  })
  @ApiOkResponse({ type: StationDto, description: 'The station as replaced, with its new ETag' })
  @ApiProblems({
    404: NOT_FOUND,
    412: {
      description: 'The station changed since the given ETag',
      detail: 'Station CNZGZ is at version 2, not 1; reload it and try again',
    },
  })
  async update(
    @Param('code') code: string,
    @Body() input: UpdateStationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StationDto> {
    const station = await this.stations.update(code, input, expectedVersion(ifMatch));
    void reply.header('ETag', etagOf(station.version));
    return station;
  }
}
