import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ConflictError,
  decodeCursor,
  encodeCursor,
  InvalidInputError,
  isUniqueViolation,
  NotFoundError,
  type Page,
  toPage,
} from '@landbridge/common';
import { Repository } from 'typeorm';
import { StationsService } from '../stations/stations.service.js';
import type { CreateRouteDto } from './create-route.dto.js';
import { RouteDto } from './route.dto.js';
import { RouteStop } from './route-stop.entity.js';
import { Route } from './route.entity.js';
import { routeStopErrors } from './route-stop-rules.js';

@Injectable()
export class RoutesService {
  constructor(
    @InjectRepository(Route) private readonly routes: Repository<Route>,
    private readonly stations: StationsService,
  ) {}

  /** Routes in code order with their stops: one query per page (the page's codes in a subquery). */
  async list(limit: number, cursor?: string): Promise<Page<RouteDto>> {
    const after = cursor ? decodeCursor(cursor, ['text'])[0] : undefined;
    const rows = await this.routes
      .createQueryBuilder('route')
      .leftJoinAndSelect('route.stops', 'stop')
      .where((qb) => {
        const page = qb
          .subQuery()
          .select('r.code')
          .from(Route, 'r')
          .where(after === undefined ? 'true' : 'r.code > :after', { after })
          .orderBy('r.code', 'ASC')
          .limit(limit + 1)
          .getQuery();
        return `route.code IN ${page}`;
      })
      .orderBy('route.code', 'ASC')
      .addOrderBy('stop.sequence', 'ASC')
      .getMany();
    return toPage(rows, limit, RouteDto.of, (row) => encodeCursor([row.code]));
  }

  async get(code: string): Promise<RouteDto> {
    const route = await this.routes.findOne({ where: { code }, relations: { stops: true } });
    if (!route) throw new NotFoundError('Route', code);
    return RouteDto.of(route);
  }

  /** Creates a route with its stops in one transaction, after checking the stops make a route. */
  async create(input: CreateRouteDto): Promise<RouteDto> {
    const existing = await this.stations.existing(input.stops.map((stop) => stop.stationCode));
    const errors = routeStopErrors(input.stops, existing);
    if (errors.length > 0) throw new InvalidInputError('The stops do not make a valid route', errors);
    try {
      await this.routes.manager.transaction(async (em) => {
        await em.insert(Route, { code: input.code, name: input.name, version: 1 });
        await em.insert(
          RouteStop,
          input.stops.map((stop) => ({ ...stop, routeCode: input.code })),
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'routes_pkey')) throw new ConflictError(`Route ${input.code} already exists`);
      throw error;
    }
    return this.get(input.code);
  }
}
