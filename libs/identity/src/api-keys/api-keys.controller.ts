import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ANY_ROLE,
  type Caller,
  CurrentCaller,
  Delete,
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
  @Roles(...ANY_ROLE)
  @HttpCode(201)
  @ShowsSecretOnce()
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is in this response only' })
  @ApiForbiddenResponse({
    description: 'Called with an API key: keys are created by signed-in users, so none outlives its parent',
  })
  @ApiConflictResponse({
    description:
      'A replay of this Idempotency-Key: the key was created (createdId) and shown once; it is not sent again',
  })
  create(@CurrentCaller() caller: Caller, @Body() input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(caller, input.name);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ type: ApiKeyPageDto, description: "The caller's own keys, newest first" })
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.apiKeys.list(caller, query.limit, query.cursor);
  }

  @Delete(':id')
  @Roles(...ANY_ROLE)
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; requests with the key fail from now on' })
  @ApiNotFoundResponse({ description: 'No such key of yours' })
  async revoke(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
  ): Promise<void> {
    await this.apiKeys.revoke(caller, id);
  }
}
