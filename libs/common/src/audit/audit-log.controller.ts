import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Caller, CurrentCaller, ownerScope } from '../access/caller.js';
import { ANY_ROLE } from '../access/role.js';
import { Roles } from '../access/roles.decorator.js';
import { jsonText } from '../http/json-text.js';
import { AuditEntryPageDto, AuditLogQueryDto } from './audit-log.dto.js';
import { AuditLogRepository } from './audit-log.repository.js';

@ApiTags('identity')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'The audit log: who changed what, when, through which request',
    description:
      'One entry per state-changing request that succeeded, newest first. Admins see every entry; operators every ' +
      'entry but those about organizations, users and API keys; an exporter the entries about its own ' +
      'organization’s objects (its consignments, webhooks), and an empty page for anything else. Entries cannot be ' +
      'changed or deleted.',
  })
  @ApiOkResponse({
    type: AuditEntryPageDto,
    description: 'The entries the filters select that the caller may see, newest first',
  })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: AuditLogQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { limit, cursor, ...filter } = query;
    const visibility = { identity: caller.role === 'admin', organizationId: ownerScope(caller) };
    return jsonText(reply, await this.log.page(filter, visibility, limit, cursor));
  }
}
