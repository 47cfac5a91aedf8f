import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Caller, NotFoundError, scopeOf } from '@landbridge/common';
import { DataSource } from 'typeorm';
import { ConsistsRepository } from './consists.repository.js';

/** Where a container is: its trip, its wagon now, the vehicles in it and the consists it was on. */
@Injectable()
export class ContainersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly consists: ConsistsRepository,
  ) {}

  /** The container's JSON document; 404 for none, or (for an exporter) one holding none of its vehicles. */
  async get(caller: Caller, number: string): Promise<string> {
    const json = await this.consists.containerOnTrip(this.dataSource, number, scopeOf(caller));
    if (json === undefined) throw new NotFoundError('Container', number);
    return json;
  }
}
