import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Public, RateLimitedError } from '@landbridge/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { FailedLookups, FAILED_LOOKUPS_PER_WINDOW } from './failed-lookups.js';
import { PAGE_LANGUAGES, pageLanguage } from './page/page-language.js';
import { renderTrackPage, renderTrackProblemPage, TRACK_PAGE_CSP } from './page/track-page.js';
import { ShareLinkGoneError, ShareLinkNotFoundError } from './share-link-errors.js';
import { ShareLinksService, type TrackingPageView } from './share-links.service.js';
import { TrackingPageDataDto } from './tracking-page.dto.js';

/**
 * Every answer of /track, failures included: never cached (a revoked link answers 410 from the next
 * request on, and no proxy or back button serves the page after), no referrer leaking the token to a site
 * the page links to, not indexed, not sniffed into another type.
 */
const PRIVATE_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-content-type-options': 'nosniff',
};

const TOKEN_PARAM = {
  name: 'token',
  description: 'The token of the link’s URL',
  example: 'q3Vd8sK1mXwZr0yT6bN2cJ5hF9gL4pA7eU0iO3sD2fG',
};

/** What a lookup of a link can fail with, on the page and its data alike. */
const LOOKUP_PROBLEMS = {
  404: 'No link has this token',
  410: {
    description: 'The link was revoked or has expired',
    slug: 'share-link-gone',
    detail: 'This tracking link was revoked; ask the sender for a new one',
  },
  429: `${FAILED_LOOKUPS_PER_WINDOW} failed lookups from this address within a minute: wait Retry-After seconds`,
};

const tooMany = (retryAfter: number) =>
  new RateLimitedError(
    `Too many unknown or expired tracking links from this address; retry in ${retryAfter} s`,
    retryAfter,
  );

/** Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2) or is `*`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * The public side of share links, outside /api/v1 (like /health): no credentials, the token in the path is
 * the permission. `GET /track/:token` is the consignee's page (HTML), `GET /track/:token/data` the same as
 * JSON, which the page polls.
 */
@ApiTags('tracking')
@Controller('track')
@Public()
export class TrackController {
  private readonly failures = new FailedLookups();
  /**
   * Rendered pages by language and the ETag of their data (equal data, equal page), for a minute at most
   * (station names, which the ETag does not cover, are taken up within that): a page is sent without being
   * rendered again while its consignment has not changed.
   */
  private readonly pages = new LRUCache<string, string>({ max: 1_000, ttl: 60_000 });

  constructor(private readonly shareLinks: ShareLinksService) {}

  /**
   * The page: server-rendered, every value escaped, its script and stylesheet inline and allowed by hash in
   * a strict CSP. A browser (Accept: text/html) gets its failures as a small page of their own with the
   * status of /data's (404, 410, 429); any other client gets them as problem details, as documented.
   */
  @Get(':token')
  @ApiOperation({
    summary: 'The public tracking page of a link (HTML)',
    description:
      'Public: the page a share link opens, for a consignee without an account — the waybill, consignee, status, ' +
      'current station, ETA and its range, the route drawn as inline SVG, the milestones planned and actual, the ' +
      'vehicles (VIN, make, model) — in English, Chinese or Russian (`lang`, else `Accept-Language`). It updates ' +
      'itself by polling `GET /track/<token>/data`. Strict Content-Security-Policy, `Cache-Control: no-store`, ' +
      '`Referrer-Policy: no-referrer`, `X-Robots-Tag: noindex`. A client that accepts text/html gets its failures ' +
      'as an HTML page with the same status; others as problem details.',
  })
  @ApiParam(TOKEN_PARAM)
  @ApiQuery({ name: 'lang', required: false, enum: PAGE_LANGUAGES, description: 'The page’s language' })
  @ApiProduces('text/html')
  @ApiOkResponse({
    description: 'The page',
    schema: { type: 'string', example: '<!doctype html>\n<html lang="en">…</html>' },
  })
  @ApiProblems(LOOKUP_PROBLEMS)
  async page(
    @Param('token') token: string,
    @Query('lang') lang: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const language = pageLanguage(typeof lang === 'string' ? lang : undefined, request.headers['accept-language']);
    const browser = /\btext\/html\b/i.test(request.headers.accept ?? '');
    const send = async (status: number, page: string) => {
      await reply
        .code(status)
        .headers({ ...PRIVATE_HEADERS, 'content-security-policy': TRACK_PAGE_CSP, 'content-language': language })
        .header('vary', 'accept, accept-language')
        .type('text/html; charset=utf-8')
        .send(page);
    };
    void reply.headers(PRIVATE_HEADERS);
    const retryAfter = this.failures.retryAfter(request.ip);
    if (retryAfter !== undefined) {
      if (!browser) throw tooMany(retryAfter);
      void reply.header('retry-after', String(retryAfter));
      await send(429, renderTrackProblemPage(language, 'tooMany'));
      return;
    }
    let view: TrackingPageView;
    try {
      view = await this.shareLinks.pageView(token);
    } catch (error) {
      if (!(error instanceof ShareLinkNotFoundError || error instanceof ShareLinkGoneError)) throw error;
      this.failures.record(request.ip);
      if (!browser) throw error;
      const gone = error instanceof ShareLinkGoneError;
      await send(gone ? 410 : 404, renderTrackProblemPage(language, gone ? 'gone' : 'notFound'));
      return;
    }
    const key = `${language} ${view.etag}`;
    let page = this.pages.get(key);
    if (page === undefined) {
      page = renderTrackPage(view, language, view.etag);
      this.pages.set(key, page);
    }
    await send(200, page);
  }

  @Get(':token/data')
  @ApiOperation({
    summary: 'What a tracking link shows, as JSON',
    description:
      'Public: the token of a share link is the permission. The consignment’s waybill, consignee, status, where ' +
      'it is, its ETA, the milestones of its route planned and actual, and its vehicles (VIN, make, model) — never ' +
      'declared values or the exporter. Read afresh on every request (`Cache-Control: no-store`), so a revoked ' +
      'link answers 410 at once. The answer carries an `ETag`; with `If-None-Match` naming it, an unchanged ' +
      `consignment answers 304 without a body (the page polls so). ${FAILED_LOOKUPS_PER_WINDOW} failed lookups ` +
      '(404 or 410) a minute from one address and it answers 429 until the minute ends. The page for people is ' +
      '`GET /track/<token>` (HTML, in English, Chinese or Russian).',
  })
  @ApiParam(TOKEN_PARAM)
  @ApiOkResponse({ type: TrackingPageDataDto, description: 'The consignment as the link shows it' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match' })
  @ApiProblems(LOOKUP_PROBLEMS)
  async data(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.headers(PRIVATE_HEADERS);
    const retryAfter = this.failures.retryAfter(request.ip);
    if (retryAfter !== undefined) throw tooMany(retryAfter);
    let view: TrackingPageView;
    try {
      view = await this.shareLinks.pageView(token);
    } catch (error) {
      if (error instanceof ShareLinkNotFoundError || error instanceof ShareLinkGoneError)
        this.failures.record(request.ip);
      throw error;
    }
    void reply.header('etag', view.etag);
    if (matches(request.headers['if-none-match'], view.etag)) {
      await reply.code(304).send();
      return;
    }
    await reply.code(200).type('application/json; charset=utf-8').send(view.json);
  }
}
