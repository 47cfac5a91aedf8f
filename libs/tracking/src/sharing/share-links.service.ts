import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';
import {
  type AppConfig,
  type Caller,
  type DatabaseScope,
  NotFoundError,
  noteAudit,
  type Page,
  scopeOf,
  sql,
  type Sql,
  withDatabaseScope,
} from '@landbridge/common';
import { ConsignmentsService } from '@landbridge/operations';
import { type StationDisplay, StationsService } from '@landbridge/reference-data';
import { TrackingService } from '../events/tracking.service.js';
import { milestonesOf } from './milestones.js';
import {
  ShareLinkDeliveredLongAgoError,
  ShareLinkExpiryError,
  ShareLinkGoneError,
  ShareLinkNotFoundError,
} from './share-link-errors.js';
import { expiryAllowed, expiryOf } from './share-link-expiry.js';
import { generateShareToken, looksLikeShareToken, shareTokenHash } from './share-link-token.js';
import type { CreatedShareLinkDto, ShareLinkDto } from './share-link.dto.js';
import {
  type LookedUpLink,
  type ShareLinkRecord,
  ShareLinksRepository,
  type StampColumns,
  type TokenLookup,
} from './share-links.repository.js';
import type { TrackingPageDataDto } from './tracking-page.dto.js';

/** The parts of a consignment's JSON document that the public page shows. */
interface SharedConsignment {
  waybillNumber: string;
  consignee: { name: string; country: string };
  status: TrackingPageDataDto['status'];
  originStationCode: string;
  destinationStationCode: string;
  currentStationCode: string | null;
  eta: string | null;
  etaRange?: { low: string; high: string; confidence: number } | null;
  vehicles: { vin: string; make: string; model: string }[];
}

/** What a link shows (the JSON of /data), with its stations as the page draws and names them. */
export interface TrackingPageView {
  data: TrackingPageDataDto;
  /** `data` as the JSON /data answers, and a weak validator of it (equal JSON, equal tag). */
  json: string;
  etag: string;
  stations: ReadonlyMap<string, StationDisplay>;
}

/** What a link shows of its consignment, kept while its stamp holds (see pageView). */
interface ShownConsignment {
  consignmentId: string;
  exporterId: string;
  trainId: string | null;
  stamp: string;
  deliveredAt: Date | null;
  data: Omit<TrackingPageDataDto, 'linkExpiresAt'>;
  stations: ReadonlyMap<string, StationDisplay>;
  /** The last answer made of it: the link's expiry is the only part of the JSON not kept above. */
  answered?: { linkExpiresAt: string; json: string; etag: string };
}

/** Links whose view is kept, at most, and how long a kept view may serve before it is read again. */
const KEPT_VIEWS = 2_000;
const VIEW_TTL_MS = 60_000;
/** Lookups read in one statement at most; more in one turn of the event loop go in further statements. */
const LOOKUPS_PER_STATEMENT = 100;

/**
 * Public tracking links of a consignment: created by staff or its exporter, each with a token shown once
 * (only its hash is kept), revocable, ending at their expiry; and what a link shows, to anyone who has it.
 */
@Injectable()
export class ShareLinksService {
  private readonly publicBaseUrl: string;
  private readonly views = new LRUCache<string, ShownConsignment>({ max: KEPT_VIEWS, ttl: VIEW_TTL_MS });
  /** Each request's lookup of its link, batched per turn of the event loop (see lookUp); never cached. */
  private readonly lookups = new DataLoader<TokenLookup, LookedUpLink | undefined>((lookups) => this.lookUp(lookups), {
    cache: false,
    maxBatchSize: LOOKUPS_PER_STATEMENT,
    batchScheduleFn: (send) => setImmediate(send),
  });

  constructor(
    private readonly links: ShareLinksRepository,
    private readonly consignments: ConsignmentsService,
    private readonly tracking: TrackingService,
    private readonly stations: StationsService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.publicBaseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  }

  /** A new link to a consignment the caller may see (else 404); its URL holds the token, shown this once. */
  async create(caller: Caller, consignmentId: string, expiresAt: Date | undefined): Promise<CreatedShareLinkDto> {
    const { exporterId } = await this.consignments.trainOf(caller, consignmentId);
    const now = new Date();
    if (expiresAt && !expiryAllowed(expiresAt, now)) throw new ShareLinkExpiryError(expiresAt.toISOString());
    const deliveredAt = await this.tracking.deliveredAt(consignmentId);
    if (!expiresAt && deliveredAt && expiryOf({ expiresAt: null, createdAt: now }, deliveredAt) <= now) {
      throw new ShareLinkDeliveredLongAgoError(deliveredAt.toISOString());
    }
    const { token, hash } = generateShareToken();
    const link = await this.links.insert({
      consignmentId,
      exporterId,
      tokenHash: hash,
      expiresAt: expiresAt ?? null,
      createdAt: now,
      createdBy: caller.userId,
    });
    // Said here so that the audit entry never holds the URL (the token) of the answer.
    noteAudit({
      organizationId: exporterId,
      changes: { consignmentId: [null, consignmentId], expiresAt: [null, expiresAt?.toISOString() ?? null] },
    });
    return {
      id: link.id,
      url: `${this.publicBaseUrl}/track/${token}`,
      expiresAt: expiryOf(link, deliveredAt).toISOString(),
    };
  }

  /** The links of a consignment the caller may see, newest first, revoked ones included; never their tokens. */
  async list(caller: Caller, consignmentId: string, limit: number, cursor?: string): Promise<Page<ShareLinkDto>> {
    await this.consignments.trainOf(caller, consignmentId);
    const [page, deliveredAt] = await Promise.all([
      this.links.pageOfConsignment(consignmentId, limit, cursor),
      this.tracking.deliveredAt(consignmentId),
    ]);
    return { items: page.items.map((link) => toDto(link, deliveredAt)), nextCursor: page.nextCursor };
  }

  /** Revokes a link (an exporter: one to its own consignments); it answers 410 from the next lookup on. */
  async revoke(caller: Caller, id: string): Promise<void> {
    const scope = scopeOf(caller);
    const revoked = await this.links.revoke(id, scope);
    if (revoked) {
      noteAudit({
        organizationId: revoked.exporterId,
        changes: { revokedAt: [null, revoked.revokedAt.toISOString()] },
      });
      return;
    }
    // Revoking a revoked link again succeeds and changes nothing; another organization's is not there.
    const link = await this.links.findOne(id, scope);
    if (!link) throw new NotFoundError('Share link', id);
    noteAudit({ unchanged: true });
  }

  /**
   * What the link with this token shows; 404 for a token of no link, 410 for a revoked or expired one.
   * The link is read afresh on every request (no cache), so a revocation holds from the next request on.
   * What it shows of the consignment is kept per link (views) and reused while a stamp read in the same
   * statement as the link is unchanged: the consignment's train and the versions of its row and its train's
   * (operations), and the count and last sequence number of its events (tracking) — whatever changes the
   * page moves one of them. So a request for a kept link costs a share of one statement (see lookUp).
   * Reference data (station names, routes) is taken up within VIEW_TTL_MS. The HTML page and the JSON come
   * from this one read, so they cannot disagree.
   */
  async pageView(token: string): Promise<TrackingPageView> {
    if (!looksLikeShareToken(token)) throw new ShareLinkNotFoundError();
    const tokenHash = shareTokenHash(token);
    const key = tokenHash.toString('base64');
    const kept = this.views.get(key);
    const link = await this.lookups.load({ tokenHash, kept });
    if (!link) throw new ShareLinkNotFoundError();
    if (link.revokedAt) throw new ShareLinkGoneError('revoked');
    let shown = kept && kept.consignmentId === link.consignmentId && kept.stamp === link.stamp ? kept : undefined;
    if (!shown) {
      shown = await withDatabaseScope(sharing(link.consignmentId), () => this.consignmentAsShown(link));
      this.views.set(key, shown);
    }
    const expiresAt = expiryOf(link, shown.deliveredAt);
    if (expiresAt.getTime() <= Date.now()) throw new ShareLinkGoneError('expired');
    const linkExpiresAt = expiresAt.toISOString();
    const data = { ...shown.data, linkExpiresAt };
    if (shown.answered?.linkExpiresAt !== linkExpiresAt) {
      const json = JSON.stringify(data);
      shown.answered = { linkExpiresAt, json, etag: etagOf(json) };
    }
    return { data, json: shown.answered.json, etag: shown.answered.etag, stations: shown.stations };
  }

  private async stampOf(consignmentId: string, exporterId: string): Promise<{ trainId: string | null; stamp: string }> {
    const { trainId, stamp } = await this.consignments.sharedVersion(consignmentId, exporterId);
    return { trainId, stamp: `${stamp}/${await this.tracking.eventsStamp(trainId, consignmentId)}` };
  }

  /**
   * The links of the lookups of concurrent requests, read afresh in one statement (lookups): the requests of
   * one turn of the event loop, under load some tens, share a round trip and a plan instead of each taking
   * its own. Every lookup's statement starts after its request came, so a link revoked before it came
   * answers 410 as before. Row-level security: the statement sees the links of the tokens in it and, for
   * those the service keeps a page of, the consignment it found behind the link (never one a client names).
   */
  private async lookUp(lookups: readonly TokenLookup[]): Promise<(LookedUpLink | undefined)[]> {
    const scope: DatabaseScope = {
      kind: 'public',
      shareTokenHashes: lookups.map(({ tokenHash }) => tokenHash.toString('hex')),
      consignmentIds: lookups.flatMap(({ kept }) => (kept ? [kept.consignmentId] : [])),
    };
    return withDatabaseScope(scope, () => this.links.findByTokenHashes(lookups, (columns) => this.stampSql(columns)));
  }

  /** stampOf's stamp as one SQL expression of the columns naming a kept view (NULL when its consignment is gone). */
  private stampSql({ consignmentId, exporterId, trainId }: StampColumns): Sql {
    const version = this.consignments.sharedStampSql(consignmentId, exporterId);
    return sql`${version} || '/' || ${this.tracking.eventsStampSql(trainId, consignmentId)}`;
  }

  /** The consignment of a link as its page shows it, read whole (the stamp first, so it is never newer). */
  private async consignmentAsShown(link: ShareLinkRecord): Promise<ShownConsignment> {
    const { consignmentId, exporterId } = link;
    const { trainId, stamp } = await this.stampOf(consignmentId, exporterId);
    const [document, timeline, deliveredAt] = await Promise.all([
      this.consignments.sharedDocument(consignmentId, exporterId),
      this.tracking.sharedTimeline(consignmentId, exporterId),
      this.tracking.deliveredAt(consignmentId),
    ]);
    const consignment = JSON.parse(document.json) as SharedConsignment;
    const stations = await this.stations.forDisplay([
      consignment.originStationCode,
      consignment.destinationStationCode,
      ...(consignment.currentStationCode ? [consignment.currentStationCode] : []),
      ...timeline.planned.map((stop) => stop.stationCode),
    ]);
    const names = new Map([...stations.values()].map((s) => [s.code, s.name]));
    const station = (code: string) => ({ code, name: names.get(code) ?? code });
    const data: Omit<TrackingPageDataDto, 'linkExpiresAt'> = {
      waybillNumber: consignment.waybillNumber,
      consignee: { name: consignment.consignee.name, country: consignment.consignee.country },
      status: consignment.status,
      origin: station(consignment.originStationCode),
      destination: station(consignment.destinationStationCode),
      currentStation: consignment.currentStationCode ? station(consignment.currentStationCode) : null,
      eta: consignment.eta,
      ...(consignment.etaRange !== undefined ? { etaRange: consignment.etaRange } : {}),
      milestones: milestonesOf(timeline, names),
      events: timeline.items.map((item) => ({
        type: item.type,
        stationCode: item.stationCode,
        stationName: item.stationName,
        occurredAt: item.occurredAt,
      })),
      vehicles: consignment.vehicles.map((vehicle) => ({ vin: vehicle.vin, make: vehicle.make, model: vehicle.model })),
    };
    return { consignmentId, exporterId, trainId, stamp, deliveredAt, data, stations };
  }
}

/** A weak validator of a /data body: equal JSON, equal tag. */
function etagOf(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** What the tracking page of one consignment may read (row-level security). */
function sharing(consignmentId: string): DatabaseScope {
  return { kind: 'public', consignmentIds: [consignmentId] };
}

function toDto(link: ShareLinkRecord, deliveredAt: Date | null): ShareLinkDto {
  return {
    id: link.id,
    consignmentId: link.consignmentId,
    createdAt: link.createdAt.toISOString(),
    expiresAt: expiryOf(link, deliveredAt).toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
  };
}
