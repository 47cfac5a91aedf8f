import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '../users/user.entity.js';

@Entity('api_keys')
@Index('api_keys_user', ['userId'])
@Unique('api_keys_key_id_unique', ['keyId'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The public part of the key (`lb_<keyId>_<secret>`), by which it is looked up. */
  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId: string;

  /** SHA-256 of the secret part: the secret has 256 bits of entropy, so a slow hash adds nothing. */
  @Column({ name: 'secret_hash', type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'api_keys_user_id_fkey' })
  user: User;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
