import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** A fluid crossing ahead, from Novosibirsk: the median a little over two days away, the range ±half a day. */
const EXAMPLE_RANGE = { low: '2024-04-01T02:00:00.000Z', high: '2024-04-02T01:00:00.000Z', confidence: 0.8 };

export class EtaRangeDto {
  @ApiProperty({ format: 'date-time', example: EXAMPLE_RANGE.low, description: 'Earliest arrival of the range' })
  low: string;
  @ApiProperty({ format: 'date-time', example: EXAMPLE_RANGE.high, description: 'Latest arrival of the range' })
  high: string;
  @ApiProperty({ example: 0.8, description: 'The share of arrivals the range is calibrated to hold' })
  confidence: number;
}

/** The `etaRange` and `etaBasis` properties of a train or consignment. */
export const ApiEtaRange = () =>
  ApiProperty({
    type: EtaRangeDto,
    nullable: true,
    example: EXAMPLE_RANGE,
    description:
      'With etaBasis "history": the interval calibrated (split conformal, on the route’s latest completed ' +
      'trains) to hold `confidence` of arrivals around `eta`, the median prediction. Null on the plan, and ' +
      'once arrived',
  });

export const ApiEtaBasis = () =>
  applyDecorators(
    ApiProperty({
      enum: ['plan', 'history'],
      example: 'history',
      description:
        '"history" when the ETA is learned from the route’s completed trains (50 or more), from where and ' +
        'when the train was last seen; else "plan": planned hours shifted by the lateness observed',
    }),
  );
