import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ANY_ROLE,
  type Caller,
  CurrentCaller,
  etagOf,
  expectedVersion,
  jsonText,
  Patch,
  Post,
  Roles,
  UPPER_CASE,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';

import {
  ConsignmentDto,
  ConsignmentListQueryDto,
  ConsignmentPageDto,
  CreateConsignmentDto,
  UpdateConsignmentDto,
  VehicleLookupDto,
} from './consignment.dto.js';
import { ConsignmentsService } from './consignments.service.js';

@ApiTags('operations')
@Controller('consignments')
@Roles(...ANY_ROLE)
export class ConsignmentsController {
  constructor(private readonly consignments: ConsignmentsService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ConsignmentDto })
  @ApiConflictResponse({ description: 'The waybill number or a VIN is already booked (named)' })
  async create(
    @CurrentCaller() caller: Caller,
    @Body() input: CreateConsignmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const consignment = await this.consignments.create(caller, input);
    void reply.header('ETag', etagOf(consignment.version)).header('Location', `/api/v1/consignments/${consignment.id}`);
    return jsonText(reply, consignment.json);
  }

  @Get()
  @ApiOkResponse({ type: ConsignmentPageDto, description: "Staff see all; an exporter sees its organization's" })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ConsignmentListQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return jsonText(reply, await this.consignments.list(caller, query));
  }

  @Get(':id')
  @ApiOkResponse({ type: ConsignmentDto })
  @ApiNotFoundResponse({ description: "No such consignment, or another organization's" })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const consignment = await this.consignments.get(caller, id);
    void reply.header('ETag', etagOf(consignment.version));
    return jsonText(reply, consignment.json);
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOkResponse({ type: ConsignmentDto })
  @ApiConflictResponse({ description: 'Already loaded: the consignee can no longer change' })
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: UpdateConsignmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const consignment = await this.consignments.update(caller, id, input, expectedVersion(ifMatch));
    void reply.header('ETag', etagOf(consignment.version));
    return jsonText(reply, consignment.json);
  }
}

@ApiTags('operations')
@Controller('vehicles')
@Roles(...ANY_ROLE)
export class VehiclesController {
  constructor(private readonly consignments: ConsignmentsService) {}

  @Get(':vin')
  @ApiOkResponse({ type: VehicleLookupDto })
  @ApiNotFoundResponse({ description: "No such vehicle, or another organization's" })
  get(@CurrentCaller() caller: Caller, @Param('vin', UPPER_CASE) vin: string): Promise<VehicleLookupDto> {
    return this.consignments.vehicle(caller, vin);
  }
}
