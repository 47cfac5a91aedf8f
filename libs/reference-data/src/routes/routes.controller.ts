import { Body, Controller, Get, HttpCode, Param, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ANY_ROLE, etagOf, type Page, PageQueryDto, Post, Roles } from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateRouteDto } from './create-route.dto.js';
import { RouteDto, RoutePageDto } from './route.dto.js';
import { RoutesService } from './routes.service.js';

@ApiTags('reference data')
@Controller('routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: RoutePageDto })
  list(@Query() query: PageQueryDto): Promise<Page<RouteDto>> {
    return this.routes.list(query.limit, query.cursor);
  }

  @Get(':code')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: RouteDto })
  @ApiNotFoundResponse({ description: 'No route with this code' })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RouteDto> {
    const route = await this.routes.get(code);
    void reply.header('ETag', etagOf(route.version));
    return route;
  }

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: RouteDto })
  @ApiConflictResponse({ description: 'A route with this code exists' })
  @ApiUnprocessableEntityResponse({ description: 'Unknown stations, or sequences or planned hours not increasing' })
  async create(@Body() input: CreateRouteDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RouteDto> {
    const route = await this.routes.create(input);
    void reply.header('ETag', etagOf(route.version)).header('Location', `/api/v1/routes/${route.code}`);
    return route;
  }
}
