import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE } from '@landbridge/common';
import { IsIn, IsOptional } from 'class-validator';

export class DryRunQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    example: 'true',
    description: 'true: validate the whole file and answer what it would book, storing nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

/** What a consignment manifest books (or, on a dry run, would book). */
export class ConsignmentManifestCheckDto {
  @ApiProperty({ example: 12, description: 'Consignments in the file (rows sharing a waybill make one)' })
  consignments: number;

  @ApiProperty({ example: 300, description: 'Vehicles in the file (one per row)' })
  vehicles: number;
}

export class ConsignmentManifestResultDto extends ConsignmentManifestCheckDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    example: [EXAMPLE.consignmentId],
    description: 'The consignments booked, in the order their waybills first appear in the file',
  })
  ids: string[];
}
