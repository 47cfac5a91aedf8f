import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE } from '@landbridge/common';
import { IsIn, IsOptional } from 'class-validator';

export class DryRunQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    example: 'true',
    description: 'true: check the whole file and answer what it would store, storing nothing',
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

/** What a loading list loads (or, on a dry run, would load). */
export class LoadingListResultDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({ example: 360, description: 'Vehicles loaded (on a dry run: that would be loaded)' }) loaded: number;
  @ApiProperty({ example: 120, description: 'Distinct containers and car carriers they go into' }) units: number;
}
