import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audited, ApiIdParam, ApiProblems, EXAMPLE, type Page, PageQueryDto, Post, Roles } from '@landbridge/common';
import { CreateOrganizationDto, OrganizationDto, OrganizationPageDto } from './organization.dto.js';
import { OrganizationsService } from './organizations.service.js';

@ApiTags('identity')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Post()
  @Audited('organization.created')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an organization',
    description:
      'Admins create the organizations users belong to: an `exporter` (a vehicle maker or its forwarder, whose users ' +
      'see only its own consignments) or an `operator` (terminal or platform staff). Names are unique regardless of case.',
  })
  @ApiCreatedResponse({ type: OrganizationDto, description: 'The organization; create its users next' })
  @ApiProblems({
    409: {
      description: 'An organization with this name exists (in any case)',
      slug: 'organization-name-taken',
      detail: `An organization named ${EXAMPLE.exporterName} already exists`,
    },
  })
  create(@Body() input: CreateOrganizationDto): Promise<OrganizationDto> {
    return this.organizations.create(input);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'List organizations',
    description: 'Every organization, exporters and operators, for admins. Paginated with `limit` and `cursor`.',
  })
  @ApiOkResponse({ type: OrganizationPageDto, description: 'A page of organizations' })
  list(@Query() query: PageQueryDto): Promise<Page<OrganizationDto>> {
    return this.organizations.list(query.limit, query.cursor);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({
    summary: 'Get an organization',
    description:
      'One organization by its id (its name and kind), for admins; a user learns its own from `GET /users/me`.',
  })
  @ApiIdParam('organization', EXAMPLE.exporterId)
  @ApiOkResponse({ type: OrganizationDto, description: 'The organization' })
  async get(@Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string): Promise<OrganizationDto> {
    return OrganizationDto.of(await this.organizations.get(id));
  }
}
