import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import type { Role } from '@landbridge/common';
import { Organization } from '../organizations/organization.entity.js';

@Entity('users')
@Check('users_role', `role IN ('admin', 'operator', 'exporter')`)
@Check('users_email_lowercase', 'email = lower(email)')
@Index('users_organization', ['organizationId'])
@Unique('users_email_unique', ['email'])
export class User {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased; unique. */
  @Column({ type: 'text' })
  email: string;

  /** argon2id PHC string; never the password. */
  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'users_organization_id_fkey' })
  organization: Organization;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Cannot sign in, and its tokens and API keys are refused. */
  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Moves on each change of role or disabled (the ETag); guarded by hand in the UPDATE (If-Match). */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** Written into each access token issued; raising it invalidates every token issued before. */
  @Column({ name: 'token_generation', type: 'integer', default: 0 })
  tokenGeneration: number;
}
