import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  ApiIdParam,
  ApiProblems,
  type Caller,
  CurrentCaller,
  Delete,
  EXAMPLE,
  type Page,
  PageQueryDto,
  Post,
  Roles,
  ShowsSecretOnce,
} from '@landbridge/common';
import { ApiKeyDto, ApiKeyPageDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto.js';
import { ApiKeysService } from './api-keys.service.js';

@ApiTags('identity')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @Audited('api_key.created')
  @Roles(...ANY_ROLE)
  @HttpCode(201)
  @ShowsSecretOnce()
  @ApiOperation({
    summary: 'Create an API key',
    description:
      'A key for a system that calls the API unattended (an ERP, a handheld app): it acts with the role and ' +
      'organization of the user who creates it, until revoked. The key is in this answer only (only a hash of it is ' +
      'kept), so store it now; it is sent as `Authorization: Bearer lb_…`. Any signed-in user may create keys, with an ' +
      'access token: a key cannot create another, so none outlives the revocation of its parent.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in this response only' })
  @ApiProblems({
    403: {
      description: 'Called with an API key: keys are created by signed-in users, so none outlives its parent',
      detail: 'API keys are created by a signed-in user (an access token), not by another API key',
    },
  })
  create(@CurrentCaller() caller: Caller, @Body() input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(caller, input.name);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'List my API keys',
    description:
      "The caller's own keys (those of its user), newest first, revoked ones included; never the secrets. Paginated " +
      'with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: ApiKeyPageDto, description: "The caller's own keys, newest first" })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.apiKeys.list(caller, query.limit, query.cursor);
  }

  @Delete(':id')
  @Audited('api_key.revoked')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Revoke an API key',
    description:
      'Revokes one of your keys (an admin: anyone’s); requests with it answer 401 from the next one on. Revoking a ' +
      'revoked key again succeeds.',
  })
  @ApiIdParam('API key', EXAMPLE.apiKeyId, 'No key of yours has this id (an admin: no key at all)')
  @ApiNoContentResponse({ description: 'Revoked; requests with the key fail from now on' })
  async revoke(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<void> {
    await this.apiKeys.revoke(caller, id);
  }
}
