import { type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';

/**
 * `value` with its letters in upper case: a string, or each string of an array; anything else as it is
 * (the validators report it).
 */
export function upperCased(value: unknown): unknown {
  if (typeof value === 'string') return value.toUpperCase();
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'string' ? item.toUpperCase() : item));
  return value;
}

/**
 * Identifiers (VIN, waybill, container and wagon numbers) are matched case-insensitively: the field is
 * upper-cased before it is validated, looked up or stored. The global ValidationPipe transforms, so this
 * runs before the field's validators.
 */
export function UpperCase(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => upperCased(value));
}

/** The same for a path parameter: `@Param('vin', UPPER_CASE) vin: string`. */
class UpperCasePipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown): unknown {
    return upperCased(value);
  }
}

export const UPPER_CASE = new UpperCasePipe();
