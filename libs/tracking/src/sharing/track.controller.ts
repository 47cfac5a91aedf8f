import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Public, RateLimitedError } from '@landbridge/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FailedLookups, FAILED_LOOKUPS_PER_WINDOW } from './failed-lookups.js';
import { ShareLinkGoneError, ShareLinkNotFoundError } from './share-link-errors.js';
import { ShareLinksService } from './share-links.service.js';
import { TrackingPageDataDto } from './tracking-page.dto.js';

/**
 * The public side of share links, outside /api/v1 (like /health): no credentials, the token in the path is
 * the permission. Every answer, failures included, is kept out of caches, referrers and search engines.
 */
@ApiTags('tracking')
@Controller('track')
@Public()
export class TrackController {
  private readonly failures = new FailedLookups();

  constructor(private readonly shareLinks: ShareLinksService) {}

  @Get(':token/data')
  @ApiOperation({
    summary: 'What a tracking link shows, as JSON',
    description:
      'Public: the token of a share link is the permission. The consignment’s waybill, consignee, status, where ' +
      'it is, its ETA, the milestones of its route planned and actual, and its vehicles (VIN, make, model) — never ' +
      'declared values or the exporter. Read afresh on every request (`Cache-Control: no-store`), so a revoked ' +
      `link answers 410 at once. ${FAILED_LOOKUPS_PER_WINDOW} failed lookups (404 or 410) a minute from one ` +
      'address and it answers 429 until the minute ends.',
  })
  @ApiParam({
    name: 'token',
    description: 'The token of the link’s URL',
    example: 'q3Vd8sK1mXwZr0yT6bN2cJ5hF9gL4pA7eU0iO3sD2fG',
  })
  @ApiOkResponse({ type: TrackingPageDataDto, description: 'The consignment as the link shows it' })
  @ApiProblems({
    404: 'No link has this token',
    410: {
      description: 'The link was revoked or has expired',
      slug: 'share-link-gone',
      detail: 'This tracking link was revoked; ask the sender for a new one',
    },
    429: `${FAILED_LOOKUPS_PER_WINDOW} failed lookups from this address within a minute: wait Retry-After seconds`,
  })
  async data(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TrackingPageDataDto> {
    void reply.headers({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex',
    });
    const retryAfter = this.failures.retryAfter(request.ip);
    if (retryAfter !== undefined) {
      throw new RateLimitedError(
        `Too many unknown or expired tracking links from this address; retry in ${retryAfter} s`,
        retryAfter,
      );
    }
    try {
      return await this.shareLinks.pageData(token);
    } catch (error) {
      if (error instanceof ShareLinkNotFoundError || error instanceof ShareLinkGoneError)
        this.failures.record(request.ip);
      throw error;
    }
  }
}
