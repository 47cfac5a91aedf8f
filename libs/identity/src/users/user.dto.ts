import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXAMPLE, PageQueryDto, ROLES, type Role, ApiNextCursor } from '@landbridge/common';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';

/** The rule of every password a user chooses: 12 to 128 characters. */
const IsChosenPassword = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      minLength: 12,
      maxLength: 128,
      description: 'At least 12 characters',
      example: 'wagon-seven-silk-road',
    }),
    IsString(),
    Length(12, 128, { message: 'must be 12 to 128 characters long' }),
  );

export class CreateUserDto {
  @ApiProperty({ example: EXAMPLE.userEmail, description: 'Unique regardless of case; the sign-in name' })
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(254)
  email: string;

  @IsChosenPassword()
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

  @ApiProperty({
    example: false,
    description: 'A disabled user cannot sign in, and its access tokens and API keys are refused',
  })
  disabled: boolean;

  @ApiProperty({ example: 1, description: 'Moves on each change of role or disabled; also the ETag' })
  version: number;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];

  @ApiNextCursor()
  nextCursor: string | null;
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the users of this organization' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an organization id (UUID)' })
  organizationId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional({
    enum: ROLES,
    example: 'operator',
    description: 'Staff roles (admin, operator) in an operator organization, exporter in an exporter one',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    example: true,
    description:
      'true: the user can no longer sign in; its access tokens stop working at once, for good, and its API ' +
      'keys while it stays disabled. false: it may sign in again, and its API keys work again',
  })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ChangePasswordDto {
  @ApiProperty({ example: 'the-password-of-today' })
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @IsChosenPassword()
  newPassword: string;
}
