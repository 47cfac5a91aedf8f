import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, encodeCursor, NotFoundError, type Page, toPage } from '@landbridge/common';
import { Repository } from 'typeorm';
import { RouteDto } from './route.dto.js';
import { Route } from './route.entity.js';

@Injectable()
export class RoutesService {
  constructor(@InjectRepository(Route) private readonly routes: Repository<Route>) {}

  /** Routes in code order with their stops: one query per page (the page's codes in a subquery). */
  async list(limit: number, cursor?: string): Promise<Page<RouteDto>> {
    const after = cursor ? decodeCursor<[string]>(cursor, ['string'])[0] : undefined;
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
}
