import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/** Why a value is refused, in a few words, or null when it is accepted. */
export type ProblemFinder = (value: unknown) => string | null;

/**
 * Builds a property decorator that accepts a value when `findProblem` finds none, and whose default
 * message is the problem itself ("check digit mismatch: expected 5"), without the property name:
 * the API's field errors name the field already. Every rule of our own (identifiers, calendar days,
 * decimal numbers, instants) is a problem finder made into a decorator here.
 */
export function problemDecorator(name: string, findProblem: ProblemFinder) {
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
