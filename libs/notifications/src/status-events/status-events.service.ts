import { Injectable } from '@nestjs/common';
import {
  type Caller,
  exporterDatabaseScope,
  type Page,
  scopeOf,
  scopeOfExporter,
  type TenantScope,
  withDatabaseScope,
} from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import { ConflictingFeedPositionsError, UnknownEventError } from '../notifications-errors.js';

import { isEtaChange } from './eta-change.js';
import type { ConsignmentUpdate, FeedQueryDto, UpdateEventDto } from './status-event.dto.js';
import { type FeedPosition, type PositionedEvent, StatusEventsRepository } from './status-events.repository.js';

export type { FeedPosition, PositionedEvent } from './status-events.repository.js';

/**
 * The status-update events: written by the contexts that change a consignment's status, in their own
 * transaction (the outbox), and read back in commit-safe order by the feed, the stream and the relay.
 */
@Injectable()
export class StatusEventsService {
  constructor(private readonly events: StatusEventsRepository) {}

  /**
   * One event per update, in the given order, inside the caller's transaction; nothing for a status that
   * did not change or an ETA that did not move enough (isEtaChange), nothing at all for no updates.
   */
  async record(em: EntityManager, updates: readonly ConsignmentUpdate[]): Promise<void> {
    const real = updates.filter((update) => {
      if (update.type === 'consignment.status_changed') return update.previousStatus !== update.status;
      if (update.type === 'consignment.eta_changed') return isEtaChange(update.previousEta, update.eta);
      return true;
    });
    if (!real.length) return;
    await this.events.append(em, real);
    await this.events.notifyOnCommit(em);
  }

  /**
   * The caller's events after `after` (or `cursor`, its other name), oldest first. Only rows of transactions older than every one still
   * running are read, so an event that commits late still comes after the cursor, never behind it.
   */
  async feed(caller: Caller, query: FeedQueryDto): Promise<Page<UpdateEventDto>> {
    const scope = scopeOf(caller);
    if (query.after && query.cursor && query.after !== query.cursor) {
      throw new ConflictingFeedPositionsError(query.after, query.cursor);
    }
    const after = query.after ?? query.cursor;
    const position = after ? await this.positionIn(scope, after, query.after ? 'after' : 'cursor') : null;
    const items = (await this.events.readAfter(scope, position, query.limit)).map((item) => item.event);
    return { items, nextCursor: items.at(-1)?.id ?? null };
  }

  /**
   * Up to `limit` events after `position` (all when null) for one exporter (or all, for undefined), in
   * commit-safe order, each with its own position to continue from. The read of the streams and relays.
   */
  readAfter(exporterId: string | undefined, position: FeedPosition | null, limit: number): Promise<PositionedEvent[]> {
    // An exporter's stream or webhook reads with that exporter's database scope too (row-level security);
    // the shared read of the streams and the relays for every exporter's events, as the system.
    return withDatabaseScope(exporterDatabaseScope(exporterId), () =>
      this.events.readAfter(scopeOfExporter(exporterId), position, limit),
    );
  }

  /** The end of the feed now: every event after it is still to come. */
  currentPosition(): Promise<FeedPosition> {
    return this.events.currentPosition();
  }

  /** The position of an event the reader may see; UnknownEventError naming `field` otherwise. */
  positionOf(exporterId: string | undefined, id: string, field: string): Promise<FeedPosition> {
    return this.positionIn(scopeOfExporter(exporterId), id, field);
  }

  private async positionIn(scope: TenantScope, id: string, field: string): Promise<FeedPosition> {
    const position = await this.events.positionOf(scope, id);
    if (!position) throw new UnknownEventError(id, field);
    return position;
  }
}
