import { ApiProperty } from '@nestjs/swagger';
import type { RouteRecord } from './routes.repository.js';

export class RouteStopDto {
  @ApiProperty({ example: 3 })
  sequence: number;

  @ApiProperty({ example: 'MNZUU' })
  stationCode: string;

  @ApiProperty({ example: 52, description: 'Planned hours after departure from the origin' })
  plannedHoursFromOrigin: number;

  @ApiProperty({ description: 'Containers change from 1435 mm to 1520 mm wagons at this stop' })
  gaugeChange: boolean;
}

export class RouteDto {
  @ApiProperty({ example: 'ZGZ-MOW-ERC' })
  code: string;

  @ApiProperty({ example: 'Zhengzhou – Moscow via Erenhot' })
  name: string;

  @ApiProperty({ type: [RouteStopDto], description: 'In travel order' })
  stops: RouteStopDto[];

  @ApiProperty({ example: 1 })
  version: number;

  /** Stops as the repository reads them, in travel order. */
  static of(this: void, { code, name, stops, version }: RouteRecord): RouteDto {
    return { code, name, stops, version };
  }
}

export class RoutePageDto {
  @ApiProperty({ type: [RouteDto] })
  items: RouteDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
