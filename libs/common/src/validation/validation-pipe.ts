import { ValidationPipe } from '@nestjs/common';
import { InvalidInputError } from '../problems/domain-error.js';
import { toFieldErrors } from './field-errors.js';

/**
 * The global pipe: unknown properties are rejected (never stored or silently dropped), values are
 * transformed to the DTO's types, and every failure is one 422 naming each field and its reason.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = toFieldErrors(errors);
      const fields = [...new Set(fieldErrors.map((e) => e.field))];
      return new InvalidInputError(`Invalid value for ${fields.join(', ')}`, fieldErrors);
    },
  });
}
