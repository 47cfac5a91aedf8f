import type { FieldError } from '@landbridge/common';
import type { Gauge, WagonKind } from './consist.dto.js';

/** A wagon as a request gives it (PUT consist, transshipment), with the containers it carries. */
export interface WagonInput {
  position: number;
  number: string;
  gauge: Gauge;
  kind: WagonKind;
  capacityTeu?: 2 | 4 | null;
  containers?: readonly { number: string; sizeType: string }[];
}

/** TEU of a container by its ISO 6346 size-type code: `2…` is 20 feet (1 TEU), anything longer 2. */
export function teuOf(sizeType: string): 1 | 2 {
  return sizeType.startsWith('2') ? 1 : 2;
}

/** Digits of a wagon number on each gauge (DOMAIN.md): 12-digit UIC on 1435 mm, 8 digits on 1520 mm. */
const NUMBER_DIGITS: Record<Gauge, number> = { 1435: 12, 1520: 8 };

/**
 * What is wrong with a consist of wagons that must all be of `gauge` (`why` says why, e.g. "the origin
 * CNZGZ is 1435 mm"), each fault naming its field under `field`: a wagon of another gauge or with a number
 * of the other gauge's form, a position or wagon number used twice, a flat without a capacity of 2 or 4
 * TEU or loaded over it, a car carrier with a capacity or containers, a container on two wagons.
 * Empty when the consist is sound.
 */
export function consistProblems(
  wagons: readonly WagonInput[],
  gauge: Gauge,
  why: string,
  field = 'wagons',
): FieldError[] {
  const problems: FieldError[] = [];
  const positions = new Map<number, number>();
  const numbers = new Map<string, number>();
  const containers = new Map<string, number>();
  wagons.forEach((wagon, i) => {
    const at = `${field}[${i}]`;
    if (wagon.gauge !== gauge) {
      problems.push({ field: `${at}.gauge`, message: `must be ${gauge} mm: ${why}` });
    } else if (wagon.number.length !== NUMBER_DIGITS[gauge]) {
      problems.push({
        field: `${at}.number`,
        message: `a ${gauge} mm wagon has a ${NUMBER_DIGITS[gauge]}-digit number, not ${wagon.number.length} digits`,
      });
    }
    const samePosition = positions.get(wagon.position);
    if (samePosition === undefined) positions.set(wagon.position, i);
    else
      problems.push({ field: `${at}.position`, message: `position ${wagon.position} is ${field}[${samePosition}]'s` });
    const sameNumber = numbers.get(wagon.number);
    if (sameNumber === undefined) numbers.set(wagon.number, i);
    else problems.push({ field: `${at}.number`, message: `wagon ${wagon.number} is ${field}[${sameNumber}] already` });

    const carried = wagon.containers ?? [];
    if (wagon.kind === 'car_carrier') {
      if (wagon.capacityTeu != null) {
        problems.push({ field: `${at}.capacityTeu`, message: 'a car carrier has no TEU capacity: leave it out' });
      }
      if (carried.length) {
        problems.push({ field: `${at}.containers`, message: 'a car carrier carries vehicles, not containers' });
      }
    } else if (wagon.capacityTeu == null) {
      problems.push({ field: `${at}.capacityTeu`, message: 'a flat carries 2 or 4 TEU: give its capacity' });
    } else {
      const teu = carried.reduce((sum, container) => sum + teuOf(container.sizeType), 0);
      if (teu > wagon.capacityTeu) {
        problems.push({
          field: `${at}.containers`,
          message: `${teu} TEU of containers over the flat's capacity of ${wagon.capacityTeu} TEU`,
        });
      }
    }
    carried.forEach((container, j) => {
      const onWagon = containers.get(container.number);
      if (onWagon === undefined) containers.set(container.number, i);
      else {
        problems.push({
          field: `${at}.containers[${j}].number`,
          message: `container ${container.number} is on ${field}[${onWagon}] (wagon ${wagons[onWagon]!.number}) too`,
        });
      }
    });
  });
  return problems;
}
