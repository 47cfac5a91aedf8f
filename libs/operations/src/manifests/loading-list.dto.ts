import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE } from '@landbridge/common';
import { IsIn, IsOptional } from 'class-validator';

export class LoadingListQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    example: 'true',
    description: 'Check the whole file against the loading rules and answer what it would load, storing nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}

export class LoadingListResultDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({ example: 360, description: 'Vehicles loaded (on a dry run: that would be loaded)' }) loaded: number;
  @ApiProperty({ example: 120, description: 'Distinct containers and car carriers they go into' }) units: number;
}
