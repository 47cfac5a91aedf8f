import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { RouteDto, RoutePageDto } from './route.dto.js';
import { RoutesService } from './routes.service.js';

@ApiTags('reference data')
@Controller('routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @ApiOkResponse({ type: RoutePageDto })
  list(@Query() query: PageQueryDto): Promise<Page<RouteDto>> {
    return this.routes.list(query.limit, query.cursor);
  }

  @Get(':code')
  @ApiOkResponse({ type: RouteDto })
  @ApiNotFoundResponse({ description: 'No route with this code' })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RouteDto> {
    const route = await this.routes.get(code);
    void reply.header('ETag', `"${route.version}"`);
    return route;
  }
}
