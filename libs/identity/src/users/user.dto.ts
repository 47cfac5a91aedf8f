import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE, ROLES, type Role } from '@landbridge/common';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ example: EXAMPLE.userEmail, description: 'Unique regardless of case; the sign-in name' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({
    minLength: 12,
    maxLength: 128,
    description: 'At least 12 characters',
    example: 'wagon-seven-silk-road',
  })
  @IsString()
  @Length(12, 128, { message: 'must be 12 to 128 characters long' })
  password: string;

  @ApiProperty({
    enum: ROLES,
    example: 'exporter',
    description: 'exporter in an exporter organization, else operator or admin',
  })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId, description: 'The organization the user works for' })
  @IsUUID('all', { message: 'must be an organization id (UUID)' })
  organizationId: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.userId })
  id: string;

  @ApiProperty({ example: EXAMPLE.userEmail, description: 'Lower-cased' })
  email: string;

  @ApiProperty({ enum: ROLES, example: 'exporter' })
  role: Role;

  @ApiProperty({ format: 'uuid', example: EXAMPLE.exporterId })
  organizationId: string;
}
