import { ApiProperty } from '@nestjs/swagger';
import { containerNumberProblem, EXAMPLE, IsVin, UpperCase, wagonNumberProblem } from '@landbridge/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  type ValidationArguments,
  type ValidatorConstraintInterface,
  Validate,
  ValidateNested,
  ValidatorConstraint,
} from 'class-validator';

/** The unit number checked by the scheme its kind names: ISO 6346 for containers, UIC / 1520 mm wagons. */
@ValidatorConstraint({ name: 'unitNumber' })
class UnitNumberConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return problemOf(value, args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return problemOf(args.value, args) ?? 'is not valid';
  }
}

function problemOf(value: unknown, args: ValidationArguments): string | null {
  const kind = (args.object as { kind?: unknown }).kind;
  if (kind === 'container') return containerNumberProblem(value);
  if (kind === 'wagon') return wagonNumberProblem(value);
  return null; // the kind itself is reported as invalid
}

const MAX_VINS_PER_LOADING = 500;

export class LoadingUnitDto {
  @ApiProperty({
    enum: ['container', 'wagon'],
    example: 'container',
    description: 'Cars travel in containers (2–4 to a 40-foot one); buses on flat wagons',
  })
  @IsIn(['container', 'wagon'])
  kind: 'container' | 'wagon';

  @ApiProperty({
    example: EXAMPLE.containerNumber,
    description:
      'ISO 6346 container number, or a 12-digit UIC / 8-digit broad-gauge wagon number, with check digit; upper-cased',
  })
  @UpperCase()
  @IsString()
  @Validate(UnitNumberConstraint)
  number: string;
}

export class CreateLoadingDto {
  @ApiProperty({ type: LoadingUnitDto })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => LoadingUnitDto)
  unit: LoadingUnitDto;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_VINS_PER_LOADING,
    example: [EXAMPLE.vin, 'LGXCE4CB8R2104517', 'LGXCE4CBXR2104518'],
    description: 'The VINs loaded into the unit, each booked in a consignment; upper-cased. All or none are loaded',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VINS_PER_LOADING)
  @UpperCase()
  @ArrayUnique({ message: 'must not repeat a VIN' })
  @IsVin({ each: true })
  vins: string[];
}

export class LoadingDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE.trainId }) trainId: string;
  @ApiProperty({ type: LoadingUnitDto }) unit: LoadingUnitDto;
  @ApiProperty({
    type: [String],
    example: [EXAMPLE.vin, 'LGXCE4CB8R2104517', 'LGXCE4CBXR2104518'],
    description: 'The VINs now in the unit on this train',
  })
  loaded: string[];
}
