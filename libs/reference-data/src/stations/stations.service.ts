import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { decodeCursor, encodeCursor, NotFoundError, type Page, toPage } from '@landbridge/common';
import { MoreThan, Repository } from 'typeorm';
import { StationDto } from './station.dto.js';
import { Station } from './station.entity.js';

@Injectable()
export class StationsService {
  constructor(@InjectRepository(Station) private readonly stations: Repository<Station>) {}

  /** Stations in code order, keyset-paginated on the primary key. */
  async list(limit: number, cursor?: string): Promise<Page<StationDto>> {
    const after = cursor ? decodeCursor<[string]>(cursor, ['string'])[0] : undefined;
    const rows = await this.stations.find({
      where: after === undefined ? {} : { code: MoreThan(after) },
      order: { code: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, StationDto.of, (row) => encodeCursor([row.code]));
  }

  async get(code: string): Promise<StationDto> {
    const station = await this.stations.findOneBy({ code });
    if (!station) throw new NotFoundError('Station', code);
    return StationDto.of(station);
  }
}
