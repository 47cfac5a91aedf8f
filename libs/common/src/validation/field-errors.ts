import type { ValidationError } from 'class-validator';
import type { FieldError } from '../problems/problem-details.js';

/**
 * Flattens class-validator's nested errors into `errors[]` entries whose `field` is the JSON path a
 * client sent: `vehicles[3].vin`, `consignee.name`.
 */
export function toFieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      result.push({ field, message: describe(error, message) });
    }
    if (error.children?.length) result.push(...toFieldErrors(error.children, field));
  }
  return result;
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** class-validator prefixes most messages with the property name; the field already says it. */
function describe(error: ValidationError, message: string): string {
  if (error.constraints?.whitelistValidation === message) return 'is not a known property';
  const prefix = `${error.property} `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
