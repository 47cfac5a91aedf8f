import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { containerNumberProblem } from './container-number.js';
import { vinProblem } from './vin.js';
import { wagonNumberProblem } from './wagon-number.js';

type ProblemFinder = (value: unknown) => string | null;

/**
 * Builds a property decorator that accepts a value when `findProblem` finds none, and whose default
 * message is the problem itself ("check digit mismatch: expected 5"), without the property name:
 * the API's field errors name the field already.
 */
function identifierDecorator(name: string, findProblem: ProblemFinder) {
  return (options?: ValidationOptions) =>
    (object: object, propertyName: string): void => {
      registerDecorator({
        name,
        target: object.constructor,
        propertyName,
        options,
        validator: {
          validate: (value: unknown) => findProblem(value) === null,
          defaultMessage: (args?: ValidationArguments) =>
            describeProblem(args?.value, findProblem, options?.each === true),
        },
      });
    };
}

/**
 * With `{ each: true }` class-validator checks every element of an array, Set or Map but hands the
 * message hook the whole collection: report the first bad element, by its position.
 */
function describeProblem(value: unknown, findProblem: ProblemFinder, each: boolean): string {
  if (each && (Array.isArray(value) || value instanceof Set || value instanceof Map)) {
    const elements: unknown[] = value instanceof Map ? [...value.values()] : [...value];
    for (const [index, element] of elements.entries()) {
      const problem = findProblem(element);
      if (problem !== null) return `item ${index}: ${problem}`;
    }
  }
  return findProblem(value) ?? '';
}

/** A 17-character ISO 3779 VIN, uppercase, with a correct check digit at position 9. */
export const IsVin = identifierDecorator('isVin', vinProblem);

/** An ISO 6346 container number such as `CSQU3054383`, with a correct check digit. */
export const IsContainerNumber = identifierDecorator('isContainerNumber', containerNumberProblem);

/** A 12-digit UIC or 8-digit broad-gauge wagon number, with a correct check digit. */
export const IsWagonNumber = identifierDecorator('isWagonNumber', wagonNumberProblem);
