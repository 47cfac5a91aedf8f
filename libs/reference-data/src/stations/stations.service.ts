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
  PreconditionFailedError,
  toPage,
} from '@landbridge/common';
import { In, MoreThan, Repository } from 'typeorm';
import type { CreateStationDto, UpdateStationDto } from './station-input.dto.js';
import { StationDto } from './station.dto.js';
import { Station } from './station.entity.js';

@Injectable()
export class StationsService {
  constructor(@InjectRepository(Station) private readonly stations: Repository<Station>) {}

  /** Stations in code order, keyset-paginated on the primary key. */
  async list(limit: number, cursor?: string): Promise<Page<StationDto>> {
    const after = cursor ? decodeCursor(cursor, ['text'])[0] : undefined;
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

  /** Which of these codes name existing stations (one query, for validating routes). */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.stations.find({ select: { code: true }, where: { code: In([...codes]) } });
    return new Set(rows.map((row) => row.code));
  }

  async create(input: CreateStationDto): Promise<StationDto> {
    if (!input.code.startsWith(input.country)) {
      throw new InvalidInputError('The station code must start with its country', [
        { field: 'code', message: `must start with the country code ${input.country}` },
      ]);
    }
    try {
      // insert, not save: save would quietly update an existing station with this code.
      await this.stations.insert({ ...input, version: 1 });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`Station ${input.code} already exists`);
      throw error;
    }
    return this.get(input.code);
  }

  /**
   * Replaces a station's mutable fields. With `expectedVersion` the update only applies to that version
   * (optimistic concurrency: a concurrent edit makes it fail with 412 instead of being overwritten).
   */
  async update(code: string, input: UpdateStationDto, expectedVersion?: number): Promise<StationDto> {
    const result = await this.stations
      .createQueryBuilder()
      .update(Station)
      .set({
        name: input.name,
        localName: input.localName,
        gauge: input.gauge,
        kind: input.kind,
        timezone: input.timezone,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      })
      .where('code = :code', { code })
      .andWhere(expectedVersion === undefined ? 'true' : 'version = :expectedVersion', { expectedVersion })
      .returning('*')
      .execute();
    const [row] = result.raw as Record<string, unknown>[];
    if (!row) {
      const current = await this.get(code);
      throw new PreconditionFailedError(
        `Station ${code} is at version ${current.version}, not ${expectedVersion}; reload it and try again`,
      );
    }
    return this.get(code);
  }
}
