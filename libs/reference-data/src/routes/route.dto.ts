import { ApiProperty } from '@nestjs/swagger';
import type { Route } from './route.entity.js';

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

  static of(this: void, route: Route): RouteDto {
    return {
      code: route.code,
      name: route.name,
      stops: [...route.stops]
        .sort((a, b) => a.sequence - b.sequence)
        .map(({ sequence, stationCode, plannedHoursFromOrigin, gaugeChange }) => ({
          sequence,
          stationCode,
          plannedHoursFromOrigin,
          gaugeChange,
        })),
      version: route.version,
    };
  }
}

export class RoutePageDto {
  @ApiProperty({ type: [RouteDto] })
  items: RouteDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
