import { problemDecorator } from '../validation/problem-decorator.js';
import { containerNumberProblem } from './container-number.js';
import { vinProblem } from './vin.js';
import { wagonNumberProblem } from './wagon-number.js';

/** A 17-character ISO 3779 VIN, uppercase, with a correct check digit at position 9. */
export const IsVin = problemDecorator('isVin', vinProblem);

/** An ISO 6346 container number such as `CSQU3054383`, with a correct check digit. */
export const IsContainerNumber = problemDecorator('isContainerNumber', containerNumberProblem);

/** A 12-digit UIC or 8-digit broad-gauge wagon number, with a correct check digit. */
export const IsWagonNumber = problemDecorator('isWagonNumber', wagonNumberProblem);
