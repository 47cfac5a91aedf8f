import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Station } from '../stations/station.entity.js';
import { Route } from './route.entity.js';

const hours = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity('route_stops')
@Index('route_stops_route_station', ['routeCode', 'stationCode'], { unique: true })
@Index('route_stops_station', ['stationCode'])
@Check('route_stops_sequence', 'sequence >= 1')
@Check('route_stops_hours', 'planned_hours_from_origin >= 0')
export class RouteStop {
  @PrimaryColumn({ name: 'route_code', type: 'varchar', length: 32 })
  routeCode: string;

  @PrimaryColumn({ type: 'integer' })
  sequence: number;

  @Column({ name: 'station_code', type: 'varchar', length: 5 })
  stationCode: string;

  @Column({ name: 'planned_hours_from_origin', type: 'numeric', precision: 7, scale: 2, transformer: hours })
  plannedHoursFromOrigin: number;

  /** Containers move from 1435 mm to 1520 mm wagons here (or back). */
  @Column({ name: 'gauge_change', type: 'boolean', default: false })
  gaugeChange: boolean;

  @ManyToOne(() => Route, (route) => route.stops, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'route_code', foreignKeyConstraintName: 'route_stops_route_code_fkey' })
  route: Route;

  @ManyToOne(() => Station, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'station_code', foreignKeyConstraintName: 'route_stops_station_code_fkey' })
  station: Station;
}
