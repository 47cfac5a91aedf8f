import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto, Post, Roles } from '@landbridge/common';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto } from './organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('identity')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Roles('admin')
  @HttpCode(201)
  @ApiCreatedResponse({ type: OrganizationDto })
  @ApiConflictResponse({ description: 'An organization with this name exists' })
  create(@Body() input: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(input);
  }

  @Get()
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationPageDto })
  list(@Query() query: PageQueryDto): Promise<Page<OrganizationDto>> {
    return this.organizations.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OrganizationDto })
  @ApiNotFoundResponse()
  async get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.get(id));
  }
}
