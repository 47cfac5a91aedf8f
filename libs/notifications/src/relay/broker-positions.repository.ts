import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryRow, queryRows, sql } from '@landbridge/common';
import { DataSource } from 'typeorm';
import type { FeedPosition } from '../status-events/status-events.repository.js';

/**
 * How far the status-event feed has been published to each broker stream (table broker_positions, one
 * row per cursor name), and which worker holds the lease to publish it.
 */
@Injectable()
export class BrokerPositionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Creates the cursor at the current end of the feed, unless it exists (then it stays where it is). */
  async startAtEnd(name: string): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`INSERT INTO broker_positions (name, position_tx, position_seq)
       VALUES (${name}, pg_snapshot_xmin(pg_current_snapshot()), 0) ON CONFLICT (name) DO NOTHING`,
    );
  }

  /**
   * Leases the cursor to `workerId` for `leaseSeconds` (or extends its lease) and returns its position;
   * undefined while another worker holds it.
   */
  async lease(name: string, workerId: string, leaseSeconds: number): Promise<FeedPosition | undefined> {
    return queryRow<FeedPosition>(
      this.dataSource,
      sql`WITH l AS (
         UPDATE broker_positions SET leased_until = now() + make_interval(secs => ${leaseSeconds}), leased_by = ${workerId}
         WHERE name = ${name} AND (leased_until IS NULL OR leased_until < now() OR leased_by = ${workerId}) RETURNING *
       ) SELECT position_tx::text AS tx, position_seq::text AS seq FROM l`,
    );
  }

  /**
   * Moves the cursor past what the broker acknowledged and extends the lease; false when the lease was
   * lost to another worker.
   */
  async advance(name: string, workerId: string, position: FeedPosition, leaseSeconds: number): Promise<boolean> {
    const moved = await queryRow<{ name: string }>(
      this.dataSource,
      sql`WITH u AS (
         UPDATE broker_positions SET position_tx = ${position.tx}::xid8, position_seq = ${position.seq}, updated_at = now(),
           leased_until = now() + make_interval(secs => ${leaseSeconds})
         WHERE name = ${name} AND leased_by = ${workerId} RETURNING name
       ) SELECT name FROM u`,
    );
    return moved !== undefined;
  }
}
