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
import { ANY_ROLE, etagOf, expectedVersion, type Page, PageQueryDto, Post, Put, Roles } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateStationDto, UpdateStationDto } from './station-input.dto.js';
import { StationDto, StationPageDto } from './station.dto.js';
import { StationsService } from './stations.service.js';

@ApiTags('reference data')
@Controller('stations')
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: StationPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<StationDto>> {
    return this.stations.list(query.limit, query.cursor);
  }

  @Get(':code')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: StationDto })
  @ApiNotFoundResponse({ description: 'No station with this code' })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StationDto> {
    const station = await this.stations.get(code);
    void reply.header('ETag', etagOf(station.version));
    return station;
  }

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: StationDto })
  @ApiConflictResponse({ description: 'A station with this code exists' })
  async create(@Body() input: CreateStationDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StationDto> {
    const station = await this.stations.create(input);
    void reply.header('ETag', etagOf(station.version)).header('Location', `/api/v1/stations/${station.code}`);
    return station;
  }

  @Put(':code')
  @Roles('admin')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the version being replaced' })
  @ApiOkResponse({ type: StationDto })
  @ApiNotFoundResponse({ description: 'No station with this code' })
  @ApiPreconditionFailedResponse({ description: 'The station changed since the given ETag' })
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
