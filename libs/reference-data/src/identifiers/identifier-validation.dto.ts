import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { UpperCase } from '@landbridge/common';

/** Longer than any identifier by far; a value is echoed back, so it is bounded. */
const MAX_IDENTIFIER_LENGTH = 64;

/** `?vin=&container=&wagon=`: any of them, at least one. */
export class ValidateIdentifiersQueryDto {
  @ApiPropertyOptional({ example: 'LZYJCGD4XR1000102', description: 'A VIN (ISO 3779), 17 characters' })
  @IsOptional()
  @UpperCase()
  @IsString()
  @MaxLength(MAX_IDENTIFIER_LENGTH)
  vin?: string;

  @ApiPropertyOptional({
    example: 'TBJU2403166',
    description: 'An ISO 6346 container number, 11 characters (or its first 10, to learn the check digit)',
  })
  @IsOptional()
  @UpperCase()
  @IsString()
  @MaxLength(MAX_IDENTIFIER_LENGTH)
  container?: string;

  @ApiPropertyOptional({
    example: '313345661232',
    description:
      'A wagon number: 12-digit UIC or 8-digit broad gauge (or all but its last digit, to learn the check digit)',
  })
  @IsOptional()
  @UpperCase()
  @IsString()
  @MaxLength(MAX_IDENTIFIER_LENGTH)
  wagon?: string;
}

export class IdentifierCheckDto {
  @ApiProperty({
    example: 'LZYJCGD41R1000102',
    description: 'The value checked, upper-cased as the service upper-cases identifiers on input',
  })
  value: string;

  @ApiProperty({ example: false, description: 'Whether the service accepts it where this kind of identifier goes' })
  valid: boolean;

  @ApiPropertyOptional({ example: 'check digit mismatch: expected X', description: 'Why it is not valid' })
  reason?: string;

  @ApiPropertyOptional({
    example: 'X',
    description:
      'The check digit the rest of the value calls for, when the one given is wrong or missing. A wrong check ' +
      'digit more often means a mistyped character elsewhere: compare with the document before trusting it.',
  })
  expectedCheckDigit?: string;
}

export class IdentifierValidationDto {
  @ApiProperty({ example: false, description: 'Whether every identifier given is valid' })
  valid: boolean;

  @ApiPropertyOptional({
    type: IdentifierCheckDto,
    description: 'Present when `vin` was given',
    example: {
      value: 'LZYJCGD41R1000102',
      valid: false,
      reason: 'check digit mismatch: expected X',
      expectedCheckDigit: 'X',
    },
  })
  vin?: IdentifierCheckDto;

  @ApiPropertyOptional({
    type: IdentifierCheckDto,
    description: 'Present when `container` was given',
    example: { value: 'TBJU2403166', valid: true },
  })
  container?: IdentifierCheckDto;

  @ApiPropertyOptional({
    type: IdentifierCheckDto,
    description: 'Present when `wagon` was given',
    example: { value: '31334566123', valid: false, reason: 'check digit missing: expected 2', expectedCheckDigit: '2' },
  })
  wagon?: IdentifierCheckDto;
}
