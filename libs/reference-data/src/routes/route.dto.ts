import { ApiNextCursor } from '@landbridge/common';
import { ApiProperty } from '@nestjs/swagger';
import type { RouteRecord } from './routes.repository.js';

/** The seeded route via Erenhot, as the examples show it. */
export const ROUTE_STOPS_EXAMPLE = [
  { sequence: 1, stationCode: 'CNZGZ', plannedHoursFromOrigin: 0, gaugeChange: false },
  { sequence: 2, stationCode: 'CNERC', plannedHoursFromOrigin: 40, gaugeChange: false },
  { sequence: 3, stationCode: 'MNZUU', plannedHoursFromOrigin: 52, gaugeChange: true },
  { sequence: 4, stationCode: 'MNULN', plannedHoursFromOrigin: 70, gaugeChange: false },
  { sequence: 5, stationCode: 'RUNKI', plannedHoursFromOrigin: 96, gaugeChange: false },
  { sequence: 6, stationCode: 'RUOVB', plannedHoursFromOrigin: 170, gaugeChange: false },
  { sequence: 7, stationCode: 'RUYEK', plannedHoursFromOrigin: 230, gaugeChange: false },
  { sequence: 8, stationCode: 'RUMOW', plannedHoursFromOrigin: 300, gaugeChange: false },
];

export class RouteStopDto {
  @ApiProperty({ example: 3, description: 'Order along the route' })
  sequence: number;

  @ApiProperty({ example: 'MNZUU' })
  stationCode: string;

  @ApiProperty({ example: 52, description: 'Planned hours after departure from the origin' })
  plannedHoursFromOrigin: number;

  @ApiProperty({ example: true, description: 'Containers change from 1435 mm to 1520 mm wagons at this stop' })
  gaugeChange: boolean;
}

export class RouteDto {
  @ApiProperty({ example: 'ZGZ-MOW-ERC' })
  code: string;

  @ApiProperty({ example: 'Zhengzhou – Moscow via Erenhot' })
  name: string;

  @ApiProperty({ type: [RouteStopDto], description: 'In travel order', example: ROUTE_STOPS_EXAMPLE })
  stops: RouteStopDto[];

  @ApiProperty({ example: 1, description: 'Grows with each change; the ETag is its quoted value' })
  version: number;

  /** Stops as the repository reads them, in travel order. */
  static of(this: void, { code, name, stops, version }: RouteRecord): RouteDto {
    return { code, name, stops, version };
  }
}

export class RoutePageDto {
  @ApiProperty({ type: [RouteDto] })
  items: RouteDto[];

  @ApiNextCursor()
  nextCursor: string | null;
}
