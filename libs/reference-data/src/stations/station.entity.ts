import { Check, Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export const GAUGES = [1435, 1520] as const;
export type Gauge = (typeof GAUGES)[number];
export const STATION_KINDS = ['terminal', 'border', 'junction'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

@Entity('stations')
@Check('stations_code_format', `code ~ '^[A-Z]{2}[A-Z0-9]{3}$'`)
@Check('stations_gauge', 'gauge IN (1435, 1520)')
@Check('stations_kind', `kind IN ('terminal', 'border', 'junction')`)
@Check(
  'stations_coordinates',
  '(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))',
)
export class Station {
  /** Country + three letters: the UN/LOCODE where there is one (CNZGZ), else a project code. */
  @PrimaryColumn({ type: 'varchar', length: 5 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'local_name', type: 'text' })
  localName: string;

  /** The Chinese and Russian names, for readers in those languages; null where none was given. */
  @Column({ name: 'name_zh', type: 'text', nullable: true })
  nameZh: string | null;

  @Column({ name: 'name_ru', type: 'text', nullable: true })
  nameRu: string | null;

  @Column({ type: 'char', length: 2 })
  country: string;

  /** Approximate WGS 84 position, for drawing routes; null when unknown (the station is then not drawn). */
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

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
