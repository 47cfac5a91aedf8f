export const CONSIGNMENT_STATUSES = [
  'booked',
  'loaded',
  'in_transit',
  'customs_hold',
  'arrived',
  'delivered',
  'cancelled',
] as const;
export type ConsignmentStatus = (typeof CONSIGNMENT_STATUSES)[number];

export const POWERTRAINS = ['ICE', 'HEV', 'PHEV', 'BEV', 'FCEV'] as const;
export type Powertrain = (typeof POWERTRAINS)[number];
