import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { StationDto, StationPageDto } from './station.dto.js';
import { StationsService } from './stations.service.js';

@ApiTags('reference data')
@Controller('stations')
export class StationsController {
  constructor(private readonly stations: StationsService) {}

  @Get()
  @ApiOkResponse({ type: StationPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<StationDto>> {
    return this.stations.list(query.limit, query.cursor);
  }

  @Get(':code')
  @ApiOkResponse({ type: StationDto })
  @ApiNotFoundResponse({ description: 'No station with this code' })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<StationDto> {
    const station = await this.stations.get(code);
    void reply.header('ETag', `"${station.version}"`);
    return station;
  }
}
