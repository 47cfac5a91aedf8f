import type { FieldError } from '@landbridge/common';
import type { Gauge } from './consist.dto.js';
import { consistProblems, type WagonInput } from './consist-rules.js';

/** A vehicle moved at a gauge change: onto a car carrier (`wagonNumber`) or into a container of the new consist. */
export interface VehicleMoveInput {
  vin: string;
  wagonNumber?: string;
  containerNumber?: string;
}

/** A vehicle on the train before the gauge change, in the unit it rides in. */
export interface VehicleInUnit {
  vin: string;
  unitKind: 'container' | 'wagon';
  unitNumber: string;
}

/** A container of the consist in force before the gauge change, on its wagon. */
export interface ContainerOnWagon {
  number: string;
  sizeType: string;
  wagonNumber: string;
}

/** What a transshipment starts from and asks for. */
export interface TransshipmentPlan {
  /** The containers of the consist in force before it. */
  containers: readonly ContainerOnWagon[];
  /** The new wagons, all of `gauge` (`why` says why, e.g. "the gauge changes at MNZUU to 1520 mm"). */
  wagons: readonly WagonInput[];
  gauge: Gauge;
  why: string;
  moves: readonly VehicleMoveInput[];
  /** The train's vehicles that ride a car carrier, and those that `moves` names (when on the train). */
  vehicles: ReadonlyMap<string, VehicleInUnit>;
}

/**
 * What is wrong with a transshipment, each fault naming its request field: the new consist's own faults
 * (consistProblems), a container of the old consist on no new wagon, given another size-type (a container
 * does not change at the border: its size counts against the new flat's capacity), or a container new to the train, and
 * a vehicle of a car carrier moved nowhere, or a move of a vehicle that is not on the train, not on a car
 * carrier, moved twice, or moved onto a wagon that is no car carrier or into a container not on the new
 * consist. Empty when it can be done.
 */
export function transshipmentProblems(plan: TransshipmentPlan): FieldError[] {
  const problems = consistProblems(plan.wagons, plan.gauge, plan.why);
  const before = new Map(plan.containers.map((container) => [container.number, container]));
  const after = new Set<string>();
  const wagons = new Map(plan.wagons.map((wagon) => [wagon.number, wagon]));
  plan.wagons.forEach((wagon, i) =>
    (wagon.containers ?? []).forEach((container, j) => {
      after.add(container.number);
      const was = before.get(container.number);
      if (!was) {
        problems.push({
          field: `wagons[${i}].containers[${j}].number`,
          message: `container ${container.number} was not on the train before the gauge change`,
        });
      } else if (was.sizeType !== container.sizeType) {
        problems.push({
          field: `wagons[${i}].containers[${j}].sizeType`,
          message: `container ${container.number} is a ${was.sizeType}, as the consist before the gauge change has it`,
        });
      }
    }),
  );
  for (const container of plan.containers) {
    if (!after.has(container.number)) {
      problems.push({
        field: 'wagons',
        message: `container ${container.number} (on wagon ${container.wagonNumber}) is left behind: put it on a new wagon`,
      });
    }
  }

  const moved = new Map<string, number>();
  plan.moves.forEach((move, i) => {
    const at = `vehicleMoves[${i}]`;
    const earlier = moved.get(move.vin);
    if (earlier === undefined) moved.set(move.vin, i);
    else problems.push({ field: `${at}.vin`, message: `${move.vin} is moved by vehicleMoves[${earlier}] already` });
    const vehicle = plan.vehicles.get(move.vin);
    if (!vehicle) problems.push({ field: `${at}.vin`, message: `${move.vin} is not on this train` });
    else if (vehicle.unitKind !== 'wagon') {
      problems.push({
        field: `${at}.vin`,
        message: `${move.vin} rides in container ${vehicle.unitNumber}, not on a car carrier: it moves with its container`,
      });
    }
    if ((move.wagonNumber === undefined) === (move.containerNumber === undefined)) {
      problems.push({ field: at, message: 'give either wagonNumber (a car carrier) or containerNumber, not both' });
    } else if (move.wagonNumber !== undefined) {
      const wagon = wagons.get(move.wagonNumber);
      if (!wagon) {
        problems.push({ field: `${at}.wagonNumber`, message: `wagon ${move.wagonNumber} is not in the new consist` });
      } else if (wagon.kind !== 'car_carrier') {
        problems.push({
          field: `${at}.wagonNumber`,
          message: `wagon ${move.wagonNumber} is a flat: a vehicle moves onto a car carrier or into a container`,
        });
      }
    } else if (!after.has(move.containerNumber!)) {
      problems.push({
        field: `${at}.containerNumber`,
        message: `container ${move.containerNumber!} is not on the new consist`,
      });
    }
  });
  for (const vehicle of plan.vehicles.values()) {
    if (vehicle.unitKind === 'wagon' && !moved.has(vehicle.vin)) {
      problems.push({
        field: 'vehicleMoves',
        message: `${vehicle.vin} rode car carrier ${vehicle.unitNumber} and is moved nowhere: give it a move`,
      });
    }
  }
  return problems;
}
