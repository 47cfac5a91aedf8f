import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ORGANIZATION_KINDS = ['exporter', 'operator'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

@Entity('organizations')
@Check('organizations_kind', `kind IN ('exporter', 'operator')`)
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Unique regardless of case (index organizations_name_unique on lower(name), in the migration). */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: OrganizationKind;

  /** Made by `npm run demo`, which adds its data to these organizations only. */
  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
