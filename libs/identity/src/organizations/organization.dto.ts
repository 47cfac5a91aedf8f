import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE, ApiNextCursor } from '@landbridge/common';
import { IsIn, IsString, Length } from 'class-validator';
import { ORGANIZATION_KINDS, type OrganizationKind } from './organization.entity.js';
import type { OrganizationRecord } from './organizations.repository.js';

export class CreateOrganizationDto {
  @ApiProperty({ example: EXAMPLE.exporterName, description: 'Unique regardless of case' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    enum: ORGANIZATION_KINDS,
    example: 'exporter',
    description: 'exporter: a shipper; operator: terminal or platform staff',
  })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId })
  id: string;

  @ApiProperty({ example: EXAMPLE.exporterName })
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS, example: 'exporter' })
  kind: OrganizationKind;

  static of(this: void, { id, name, kind }: OrganizationRecord): OrganizationDto {
    return { id, name, kind };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];

  @ApiNextCursor()
  nextCursor: string | null;
}
