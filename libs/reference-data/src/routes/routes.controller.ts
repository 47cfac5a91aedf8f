import { Body, Controller, Get, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  ApiProblems,
  EXAMPLE,
  etagOf,
  type Page,
  PageQueryDto,
  Post,
  Roles,
} from '@landbridge/common';
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
  @ApiOperation({
    summary: 'List routes',
    description:
      'The routes trains run on, each with its stops in travel order, the planned hours from the origin and the stop ' +
      'where the gauge changes (seeded: ZGZ-MOW-ERC via Erenhot, ZGZ-MOW-MLX via Manzhouli, ZGZ-MOW-AKL via ' +
      'Alashankou). Any signed-in caller. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: RoutePageDto, description: 'A page of routes, by code' })
  list(@Query() query: PageQueryDto): Promise<Page<RouteDto>> {
    return this.routes.list(query.limit, query.cursor);
  }

  @Get(':code')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Get a route',
    description: 'One route by its code, with its stops in travel order. Any signed-in caller.',
  })
  @ApiParam({ name: 'code', example: EXAMPLE.routeCode, description: 'The route code' })
  @ApiOkResponse({ type: RouteDto, description: 'The route; the ETag header carries its version' })
  @ApiProblems({ 404: { description: 'No route has this code', detail: 'Route ZGZ-MOW-XYZ was not found' } })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RouteDto> {
    const route = await this.routes.get(code);
    void reply.header('ETag', etagOf(route.version));
    return route;
  }

  @Post()
  @Audited('route.created')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a route',
    description:
      'Admins add a route: its stops in travel order, from the origin (hour 0) with planned hours increasing, each ' +
      'station once and known, and the stop where containers change to broad-gauge wagons marked `gaugeChange`. ' +
      'Trains then run on it; their ETA follows its planned hours.',
  })
  @ApiCreatedResponse({ type: RouteDto, description: 'The route; Location names it, ETag carries its version' })
  @ApiProblems({
    409: {
      description: 'A route with this code exists',
      slug: 'route-code-taken',
      detail: `Route ${EXAMPLE.routeCode} already exists`,
    },
    422: {
      description: 'Unknown or repeated stations, or sequences or planned hours not increasing (each stop named)',
      slug: 'invalid-route-stops',
      detail: 'The stops do not make a valid route',
      errors: [{ field: 'stops[2].plannedHoursFromOrigin', message: 'must be greater than 40' }],
    },
  })
  async create(@Body() input: CreateRouteDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RouteDto> {
    const route = await this.routes.create(input);
    void reply.header('ETag', etagOf(route.version)).header('Location', `/api/v1/routes/${route.code}`);
    return route;
  }
}
