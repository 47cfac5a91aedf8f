import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE } from '@landbridge/common';
import { WagonRefDto } from '../consignments/consignment.dto.js';

/** A vehicle in a container, and its consignment. */
export class ContainerVehicleDto {
  @ApiProperty({ example: EXAMPLE.vin }) vin: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE.consignmentId }) consignmentId: string;
}

/** A container on a consist: which train, where the consist was formed, which wagon, from when to when. */
export class ContainerHistoryEntryDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({
    example: 'CNZGZ',
    description: 'Where the consist was formed: the origin, or the gauge-change stop of a transshipment',
  })
  stationCode: string;

  @ApiProperty({ example: EXAMPLE.wagonNumber, description: 'The wagon it sat on in that consist' })
  wagonNumber: string;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
    description: 'When that consist came into force; null for one formed at the origin (in force from the start)',
  })
  from: string | null;

  @ApiProperty({
    format: 'date-time',
    type: String,
    nullable: true,
    example: EXAMPLE.arrivedAtBorderAt,
    description: 'When the next consist replaced it (a transshipment); null while it is in force',
  })
  to: string | null;
}

export class ContainerDto {
  @ApiProperty({ example: EXAMPLE.containerNumber, description: 'ISO 6346 container number' }) number: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '45G1',
    description:
      'ISO 6346 size-type code, as its trip’s consist lists it, else its latest (cancelled trains left out); null if it ' +
      'was never on a consist',
  })
  sizeType: string | null;

  @ApiProperty({
    format: 'uuid',
    example: EXAMPLE.trainId,
    description:
      'Its trip: among the trains (not cancelled) whose consists listed it or that loaded into it vehicles still in ' +
      'it, one still under way (planned, loading, departed) before one that arrived, then the latest planned departure',
  })
  trainId: string;

  @ApiProperty({ example: EXAMPLE.trainNumber, description: 'That train’s number now' }) trainNumber: string;

  @ApiProperty({
    type: WagonRefDto,
    nullable: true,
    description: 'The wagon it sits on in that train’s consist in force now; null when it is on none',
  })
  wagon: WagonRefDto | null;

  @ApiProperty({
    type: [ContainerVehicleDto],
    description: 'The vehicles in it now on that train, in booking order (an exporter’s own only)',
  })
  vehicles: ContainerVehicleDto[];

  @ApiProperty({
    type: [ContainerHistoryEntryDto],
    description:
      'Every consist of a train not cancelled that listed it, oldest first (for an exporter, those of trains on ' +
      'which it had vehicles in it)',
  })
  history: ContainerHistoryEntryDto[];
}
