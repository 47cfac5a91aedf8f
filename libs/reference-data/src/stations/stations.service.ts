import { Injectable } from '@nestjs/common';
import type { Page } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import {
  StaleStationError,
  StationCodeTakenError,
  StationCountryMismatchError,
  StationNotFoundError,
} from '../reference-data-errors.js';
import type { CreateStationDto, UpdateStationDto } from './station-input.dto.js';
import { StationDto } from './station.dto.js';
import type { StationKind } from './station.entity.js';
import { type StationDisplayRecord, StationsRepository } from './stations.repository.js';

export type StationDisplay = StationDisplayRecord;

@Injectable()
export class StationsService {
  constructor(private readonly stations: StationsRepository) {}

  /** Stations in code order, keyset-paginated on the primary key. */
  async list(limit: number, cursor?: string): Promise<Page<StationDto>> {
    const page = await this.stations.page(limit, cursor);
    return { items: page.items.map(StationDto.of), nextCursor: page.nextCursor };
  }

  /** The station; in `em`'s transaction when given (see StationsRepository.namesOf). */
  async get(code: string, em?: EntityManager): Promise<StationDto> {
    const station = await this.stations.findByCode(code, em);
    if (!station) throw new StationNotFoundError(code);
    return StationDto.of(station);
  }

  /** Station names by code, in one query; a code of no station is left out. */
  async names(codes: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    return new Map((await this.stations.namesOf(wanted)).map((row) => [row.code, row.name]));
  }

  /** The stations with these codes as a public page shows them, by code, in one query. */
  async forDisplay(codes: Iterable<string>): Promise<Map<string, StationDisplay>> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    return new Map((await this.stations.displayOf(wanted)).map((row) => [row.code, row]));
  }

  /**
   * A route's stops each with its station's kind ('unknown' for a code of no station), in `em`'s
   * transaction: which stops are borders is reference data that may change, so it is read when needed.
   */
  async withKinds<S extends { stationCode: string }>(
    stops: readonly S[],
    em: EntityManager,
  ): Promise<(S & { kind: StationKind | 'unknown' })[]> {
    const codes = [...new Set(stops.map((stop) => stop.stationCode))];
    const rows = codes.length ? await this.stations.namesOf(codes, em) : [];
    const kinds = new Map(rows.map((row) => [row.code, row.kind]));
    return stops.map((stop) => ({ ...stop, kind: kinds.get(stop.stationCode) ?? 'unknown' }));
  }

  /** Which of these codes name existing stations (one query, for validating routes). */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    return new Set((await this.names(codes)).keys());
  }

  async create(input: CreateStationDto): Promise<StationDto> {
    if (!input.code.startsWith(input.country)) throw new StationCountryMismatchError(input.code, input.country);
    const { code, name, localName, country, gauge, kind, timezone } = input;
    const created = await this.stations.insert({ code, name, localName, country, gauge, kind, timezone });
    if (!created) throw new StationCodeTakenError(code);
    return StationDto.of(created);
  }

  /**
   * Replaces a station's mutable fields. With `expectedVersion` the update only applies to that version
   * (optimistic concurrency: a concurrent edit makes it fail with 412 instead of being overwritten).
   */
  async update(code: string, input: UpdateStationDto, expectedVersion?: number): Promise<StationDto> {
    const { name, localName, gauge, kind, timezone } = input;
    const updated = await this.stations.update(code, { name, localName, gauge, kind, timezone }, expectedVersion);
    if (updated) return StationDto.of(updated);
    const current = await this.stations.findByCode(code);
    if (!current || expectedVersion === undefined) throw new StationNotFoundError(code);
    throw new StaleStationError(code, current.version, expectedVersion);
  }
}
