import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DEFAULT_PAGE_SIZE, EXAMPLE, MAX_PAGE_SIZE } from '@landbridge/common';

export const STATUS_CHANGED = 'consignment.status_changed';
export const ETA_CHANGED = 'consignment.eta_changed';
export const DAMAGE_REPORTED = 'consignment.damage_reported';
export const CONSIGNMENT_TRANSSHIPPED = 'consignment.transshipped';

/** Every type of update event: what the feed, the stream, webhooks and the broker carry. */
export const UPDATE_TYPES = [STATUS_CHANGED, ETA_CHANGED, DAMAGE_REPORTED, CONSIGNMENT_TRANSSHIPPED] as const;
export type UpdateType = (typeof UPDATE_TYPES)[number];

/** The range of a learned ETA, as the consignment's `etaRange` has it. */
interface EtaRangeData {
  low: string;
  high: string;
  confidence: number;
}

class EtaRangeDataDto implements EtaRangeData {
  @ApiProperty({ format: 'date-time', example: '2024-04-01T14:00:00.000Z' }) low: string;
  @ApiProperty({ format: 'date-time', example: '2024-04-02T16:00:00.000Z' }) high: string;
  @ApiProperty({ example: 0.8, description: 'The share of arrivals the range is calibrated to hold' })
  confidence: number;
}

/** What every update's data names: the consignment, its waybill and its exporter. */
class ConsignmentUpdateDataDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.consignmentId })
  consignmentId: string;

  @ApiProperty({ example: EXAMPLE.waybillNumber })
  waybillNumber: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId })
  exporterId: string;
}

/** What every update event carries besides its type, time and data. */
class UpdateEventBaseDto {
  @ApiProperty({
    format: 'uuid',
    example: EXAMPLE.statusEventId,
    description: 'Stable across deliveries: consumers de-duplicate on it',
  })
  id: string;
}

export class StatusChangeDataDto extends ConsignmentUpdateDataDto {
  @ApiProperty({
    example: 'in_transit',
    description: 'A consignment status (booked, loaded, in_transit, customs_hold …)',
  })
  previousStatus: string;

  @ApiProperty({ example: 'customs_hold' })
  status: string;

  @ApiProperty({ example: 'MNZUU', nullable: true, type: String, description: 'Where it happened' })
  stationCode: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: EXAMPLE.eta,
    description: 'The expected arrival at the destination after the change',
  })
  eta: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'import declaration incomplete',
    description: 'The note of the event that caused the change (a customs hold: its reason); null otherwise',
  })
  note: string | null;
}

class StatusEventDto extends UpdateEventBaseDto {
  @ApiProperty({ enum: [STATUS_CHANGED], example: STATUS_CHANGED })
  type: typeof STATUS_CHANGED;

  @ApiProperty({
    format: 'date-time',
    example: '2024-03-22T09:40:00.000Z',
    description: 'When the change happened (the time of the event causing it)',
  })
  occurredAt: string;

  @ApiProperty({ type: StatusChangeDataDto })
  data: StatusChangeDataDto;
}

export class EtaChangeDataDto extends ConsignmentUpdateDataDto {
  @ApiProperty({
    format: 'date-time',
    example: '2024-04-01T13:30:00.000Z',
    description: 'The ETA last announced (by the previous eta_changed event, or as the consignment got it)',
  })
  previousEta: string;

  @ApiProperty({ format: 'date-time', example: '2024-04-02T01:30:00.000Z' })
  eta: string;

  @ApiProperty({
    nullable: true,
    type: EtaRangeDataDto,
    example: { low: '2024-04-01T14:00:00.000Z', high: '2024-04-02T16:00:00.000Z', confidence: 0.8 },
    description: "The range around a learned ETA (the consignment's `etaRange`); null when the ETA is the plan",
  })
  etaRange: EtaRangeData | null;
}

export class DamageReportDataDto extends ConsignmentUpdateDataDto {
  @ApiProperty({
    example: 'LGXCE4CB0R0012345',
    nullable: true,
    type: String,
    description: 'The damaged vehicle, if named',
  })
  vin: string | null;

  @ApiProperty({ example: 'MNZUU' })
  stationCode: string;

  @ApiProperty({ example: 'scratched rear bumper', nullable: true, type: String })
  note: string | null;
}

export class TransshipmentDataDto extends ConsignmentUpdateDataDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;

  @ApiProperty({ example: '8702', description: 'The number the train runs under from the gauge change on' })
  trainNumber: string;

  @ApiProperty({ example: 'MNZUU', description: 'The gauge-change stop' })
  stationCode: string;

  @ApiProperty({
    example: 1,
    description:
      'How many of the consignment’s vehicles changed wagon there (in their containers or moved by themselves), ' +
      'counted as the transshipment’s own `vehiclesMoved`',
  })
  vehiclesMoved: number;

  @ApiProperty({ type: [String], example: [EXAMPLE.vin], description: 'Those vehicles: their VINs' })
  vins: string[];
}

/** When the ETA of a consignment moves by an hour or more from the one last announced. */
class EtaChangedEventDto extends UpdateEventBaseDto {
  @ApiProperty({ enum: [ETA_CHANGED] })
  type: typeof ETA_CHANGED;

  @ApiProperty({
    format: 'date-time',
    description: 'The time of the event that moved the ETA (or of the change of plan)',
  })
  occurredAt: string;

  @ApiProperty({ type: EtaChangeDataDto })
  data: EtaChangeDataDto;
}

/** A damage report recorded on a consignment (DAMAGE_REPORTED), with the vehicle when one is named. */
class DamageReportedEventDto extends UpdateEventBaseDto {
  @ApiProperty({ enum: [DAMAGE_REPORTED] })
  type: typeof DAMAGE_REPORTED;

  @ApiProperty({ format: 'date-time', description: 'When the damage was reported (the event time)' })
  occurredAt: string;

  @ApiProperty({ type: DamageReportDataDto })
  data: DamageReportDataDto;
}

/** The train carrying a consignment changed gauge: its vehicles are on wagons of the other gauge now. */
class TransshippedEventDto extends UpdateEventBaseDto {
  @ApiProperty({ enum: [CONSIGNMENT_TRANSSHIPPED] })
  type: typeof CONSIGNMENT_TRANSSHIPPED;

  @ApiProperty({ format: 'date-time', description: 'When the train was transshipped' })
  occurredAt: string;

  @ApiProperty({ type: TransshipmentDataDto })
  data: TransshipmentDataDto;
}

/** Any update event, told apart by `type`. */
export type UpdateEventDto = StatusEventDto | EtaChangedEventDto | DamageReportedEventDto | TransshippedEventDto;

@ApiExtraModels(StatusEventDto, EtaChangedEventDto, DamageReportedEventDto, TransshippedEventDto)
export class StatusEventPageDto {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(StatusEventDto) },
        { $ref: getSchemaPath(EtaChangedEventDto) },
        { $ref: getSchemaPath(DamageReportedEventDto) },
        { $ref: getSchemaPath(TransshippedEventDto) },
      ],
    },
    description: 'Update events of every type, in feed order',
  })
  items: UpdateEventDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    example: EXAMPLE.statusEventId,
    description: 'The id of the last item, to pass as `after`; null when there was nothing new',
  })
  nextCursor: string | null;
}

export class FeedQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    example: EXAMPLE.statusEventId,
    description: 'The id of the last event seen; omit to start at the beginning',
  })
  @IsOptional()
  @IsUUID()
  after?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "The previous page's nextCursor: the same as `after`, as every list of the API accepts it",
  })
  @IsOptional()
  @IsUUID()
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = DEFAULT_PAGE_SIZE;
}

interface ConsignmentUpdateBase {
  consignmentId: string;
  waybillNumber: string;
  exporterId: string;
  /** When it happened: the time of the event causing it. */
  occurredAt: Date;
}

/** One change of a consignment's status, as the context that changed it reports it. */
export interface StatusChange extends ConsignmentUpdateBase {
  type: typeof STATUS_CHANGED;
  previousStatus: string;
  status: string;
  stationCode: string | null;
  eta: Date | null;
  /** The note of the event that caused the change, null for none. */
  note: string | null;
}

/** A move of a consignment's ETA from the one last announced (see isEtaChange). */
interface EtaChange extends ConsignmentUpdateBase {
  type: typeof ETA_CHANGED;
  previousEta: Date;
  eta: Date;
  /** The range of a learned ETA (times RFC 3339 in UTC); null on the plan. */
  etaRange: EtaRangeData | null;
}

/** Damage reported on a consignment, of one of its vehicles when `vin` is set. */
interface DamageReport extends ConsignmentUpdateBase {
  type: typeof DAMAGE_REPORTED;
  vin: string | null;
  stationCode: string;
  note: string | null;
}

/** A consignment's vehicles changed wagon at a gauge change (`vins`). */
interface Transshipment extends ConsignmentUpdateBase {
  type: typeof CONSIGNMENT_TRANSSHIPPED;
  trainId: string;
  trainNumber: string;
  stationCode: string;
  vins: string[];
}

/** What the contexts that change consignments report, each becoming one update event. */
export type ConsignmentUpdate = StatusChange | EtaChange | DamageReport | Transshipment;
