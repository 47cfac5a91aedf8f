export const TRAIN_STATUSES = ['planned', 'loading', 'departed', 'arrived', 'closed', 'cancelled'] as const;
export type TrainStatus = (typeof TRAIN_STATUSES)[number];

/** planned → loading → departed → arrived → closed; cancelled from planned or loading. */
const TRANSITIONS: Record<TrainStatus, readonly TrainStatus[]> = {
  planned: ['loading', 'departed', 'cancelled'],
  loading: ['planned', 'departed', 'cancelled'],
  departed: ['arrived'],
  arrived: ['closed'],
  closed: [],
  cancelled: [],
};

export function canTransition(from: TrainStatus, to: TrainStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Vehicles may be loaded and unloaded only before departure. */
export function acceptsLoading(status: TrainStatus): boolean {
  return status === 'planned' || status === 'loading';
}
