import { CreateOperations1795910600000 } from './1795910600000-create-operations.js';
import { CreateExportFigures1795920500000 } from './1795920500000-create-export-figures.js';
import { VehicleCurrentUnit1795930000000 } from './1795930000000-vehicle-current-unit.js';
import { VehiclesBookingOrder1795960000000 } from './1795960000000-vehicles-booking-order.js';
import { ConsignmentEtaAnnounced1795960200100 } from './1795960200100-consignment-eta-announced.js';
import { CreateExportOtherValues1795960300000 } from './1795960300000-create-export-other-values.js';
import { CreateEquipment1795970000000 } from './1795970000000-create-equipment.js';
import { TrainsNumber1795970100000 } from './1795970100000-trains-number.js';
import { ConsistWagonsCapacity1795970500000 } from './1795970500000-consist-wagons-capacity.js';
import { EtaRange1796100000000 } from './1796100000000-eta-range.js';

export const operationsMigrations = [
  CreateOperations1795910600000,
  CreateExportFigures1795920500000,
  VehicleCurrentUnit1795930000000,
  VehiclesBookingOrder1795960000000,
  ConsignmentEtaAnnounced1795960200100,
  CreateExportOtherValues1795960300000,
  CreateEquipment1795970000000,
  TrainsNumber1795970100000,
  ConsistWagonsCapacity1795970500000,
  EtaRange1796100000000,
];
