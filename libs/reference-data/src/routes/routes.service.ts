import { Injectable } from '@nestjs/common';
import type { Page } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import { InvalidRouteStopsError, RouteCodeTakenError, RouteNotFoundError } from '../reference-data-errors.js';
import { StationsService } from '../stations/stations.service.js';
import type { CreateRouteDto } from './create-route.dto.js';
import { RouteDto } from './route.dto.js';
import { routeStopProblems } from './route-stop-rules.js';
import { RoutesRepository } from './routes.repository.js';

@Injectable()
export class RoutesService {
  constructor(
    private readonly routes: RoutesRepository,
    private readonly stations: StationsService,
  ) {}

  /** Routes in code order with their stops. */
  async list(limit: number, cursor?: string): Promise<Page<RouteDto>> {
    const page = await this.routes.page(limit, cursor);
    return { items: page.items.map(RouteDto.of), nextCursor: page.nextCursor };
  }

  /** The route; in `em`'s transaction when given (a transaction must not wait for a second connection). */
  async get(code: string, em?: EntityManager): Promise<RouteDto> {
    const route = await this.routes.findByCode(code, em);
    if (!route) throw new RouteNotFoundError(code);
    return RouteDto.of(route);
  }

  /** Creates a route with its stops in one transaction, after checking the stops make a route. */
  async create(input: CreateRouteDto): Promise<RouteDto> {
    const existing = await this.stations.existing(input.stops.map((stop) => stop.stationCode));
    const problems = routeStopProblems(input.stops, existing);
    if (problems.length > 0) throw new InvalidRouteStopsError(problems);
    if (!(await this.routes.insert(input))) throw new RouteCodeTakenError(input.code);
    return this.get(input.code);
  }
}
