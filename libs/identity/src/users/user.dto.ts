import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@landbridge/common';
import { IsEmail, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';

export class CreateUserDto {
  @ApiProperty({ example: 'logistics@yutong.example' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'At least 12 characters' })
  @IsString()
  @Length(12, 128, { message: 'must be 12 to 128 characters long' })
  password: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be an organization id (UUID)' })
  organizationId: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ format: 'uuid' })
  organizationId: string;
}
