import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const GAUGES = [1435, 1520] as const;
export type Gauge = (typeof GAUGES)[number];
export const STATION_KINDS = ['terminal', 'border', 'junction'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

@Entity('stations')
@Check('stations_code_format', `code ~ '^[A-Z]{2}[A-Z0-9]{3}$'`)
@Check('stations_gauge', 'gauge IN (1435, 1520)')
@Check('stations_kind', `kind IN ('terminal', 'border', 'junction')`)
export class Station {
  /** Country + three letters: the UN/LOCODE where there is one (CNZGZ), else a project code. */
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'local_name', type: 'text' })
  localName: string;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'smallint' })
  gauge: Gauge;

  @Column({ type: 'text' })
  kind: StationKind;

  /** IANA time zone, for showing local times along the corridor. */
  @Column({ type: 'text' })
  timezone: string;

  @VersionColumn({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
