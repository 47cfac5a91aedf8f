import { Body, Controller, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ANY_ROLE,
  ApiProblems,
  Audited,
  type Caller,
  CurrentCaller,
  Delete,
  type Page,
  PageQueryDto,
  Post,
  Roles,
  ShowsSecretOnce,
  UUID_404,
} from '@landbridge/common';
import { CreatedShareLinkDto, CreateShareLinkDto, ShareLinkDto, ShareLinkPageDto } from './share-link.dto.js';
import { ShareLinksService } from './share-links.service.js';

const NOT_FOUND = "No such consignment, or another organization's";

/** POST and GET /consignments/:id/share-links: a consignment's public tracking links. */
@ApiTags('tracking')
@Controller('consignments')
export class ConsignmentShareLinksController {
  constructor(private readonly shareLinks: ShareLinksService) {}

  @Post(':id/share-links')
  @Audited('share_link.created')
  @Roles(...ANY_ROLE)
  @HttpCode(201)
  @ShowsSecretOnce()
  @ApiOperation({
    summary: 'Create a public tracking link for a consignment',
    description:
      'A link for the consignee, who has no account: `url` opens the public tracking page (`GET /track/<token>`, its ' +
      'data at `GET /track/<token>/data`). The token is in this answer only (only a hash of it is kept). It works ' +
      'until `expiresAt` (at most 180 days ahead), by default until 30 days after delivery, or until revoked. Staff, ' +
      'or the exporter for its own consignments.',
  })
  @ApiCreatedResponse({ type: CreatedShareLinkDto, description: 'The link; its URL is in this response only' })
  @ApiProblems({
    404: NOT_FOUND,
    422: {
      description:
        'expiresAt is not in the future, or more than 180 days ahead; or it is missing for a consignment delivered ' +
        'more than 30 days ago (whose default link would never work)',
      slug: 'share-link-expiry',
      errors: [{ field: 'expiresAt', message: 'must be in the future and at most 180 days from now' }],
    },
  })
  create(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: CreateShareLinkDto,
  ): Promise<CreatedShareLinkDto> {
    return this.shareLinks.create(caller, id, input.expiresAt);
  }

  @Get(':id/share-links')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: "List a consignment's tracking links",
    description:
      'Newest first, revoked ones included; never their tokens or URLs. Staff, or the exporter for its own ' +
      'consignments. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: ShareLinkPageDto, description: 'The links, newest first' })
  @ApiProblems({ 404: NOT_FOUND })
  list(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ShareLinkDto>> {
    return this.shareLinks.list(caller, id, query.limit, query.cursor);
  }
}

/** DELETE /share-links/:id. */
@ApiTags('tracking')
@Controller('share-links')
export class ShareLinksController {
  constructor(private readonly shareLinks: ShareLinksService) {}

  @Delete(':id')
  @Audited('share_link.revoked')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke a tracking link',
    description:
      'The link answers 410 from the next request on. Staff revoke any link, an exporter those to its own ' +
      'consignments. Revoking a revoked link again succeeds.',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems({ 404: "No such link, or one to another organization's consignment" })
  async revoke(@CurrentCaller() caller: Caller, @Param('id', UUID_404) id: string): Promise<void> {
    await this.shareLinks.revoke(caller, id);
  }
}
