import { Injectable } from '@nestjs/common';
import { StationsService } from '@landbridge/reference-data';

/**
 * Station names for the events' answers, from reference-data (which owns the stations), read for each
 * request in one query: a renamed station shows its new name at once.
 */
@Injectable()
export class StationNames {
  constructor(private readonly stations: StationsService) {}

  /** The names of the stations with these codes; a code of no station is left out. */
  of(codes: Iterable<string>): Promise<Map<string, string>> {
    return this.stations.names(codes);
  }
}
