import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ORGANIZATION_KINDS, type OrganizationKind } from './organization.entity.js';
import type { OrganizationRecord } from './organizations.repository.js';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Yutong Bus Co., Ltd.' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS, description: 'exporter: a shipper; operator: terminal or platform staff' })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;

  static of(this: void, { id, name, kind }: OrganizationRecord): OrganizationDto {
    return { id, name, kind };
  }
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
