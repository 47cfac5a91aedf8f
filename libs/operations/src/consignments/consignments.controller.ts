import { Body, Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  ApiIdParam,
  ApiProblems,
  type Caller,
  CurrentCaller,
  EXAMPLE,
  etagOf,
  expectedVersion,
  jsonText,
  Patch,
  Post,
  namedSpreadsheetFormat,
  Roles,
  sendSpreadsheet,
  SPREADSHEET_MEDIA_TYPES,
  UPPER_CASE,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';

import {
  BOOKED_CONSIGNMENT_EXAMPLE,
  ConsignmentDto,
  ConsignmentListQueryDto,
  ConsignmentPageDto,
  CreateConsignmentDto,
  UpdateConsignmentDto,
  VehicleLookupDto,
} from './consignment.dto.js';
import { ConsignmentsService } from './consignments.service.js';
import { ManifestsService } from '../manifests/manifests.service.js';

/** The consignment `id` of a route, which an exporter finds only among its organization's. */
const CONSIGNMENT_ID = ApiIdParam(
  'consignment',
  EXAMPLE.consignmentId,
  "No consignment has this id, or it is another organization's (never told apart)",
);

/** An example of the consignments as CSV, as the list documents it. */
const CONSIGNMENTS_CSV_EXAMPLE =
  '\uFEFFwaybillNumber,exporterId,consigneeName,consigneeCountry,originStationCode,destinationStationCode,vin,make,' +
  'model,powertrain,declaredValue,currency\r\n' +
  `${EXAMPLE.waybillNumber},${EXAMPLE.exporterId},OOO Avtodom,RU,CNZGZ,RUMOW,${EXAMPLE.vin},BYD,Song PLUS,PHEV,18500.00,USD\r\n`;

@ApiTags('operations')
@Controller('consignments')
@Roles(...ANY_ROLE)
export class ConsignmentsController {
  constructor(
    private readonly consignments: ConsignmentsService,
    private readonly manifests: ManifestsService,
  ) {}

  @Post()
  @Audited('consignment.created')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Book a consignment',
    description:
      'Books one exporter’s shipment under its SMGS waybill, with its vehicles inline (1–1,000, each VIN with a ' +
      'valid check digit and booked once across the system). Exporters book for their own organization (omit ' +
      '`exporterId`); staff name the exporter. It starts `booked`; loading its vehicles on a train makes it `loaded`. ' +
      'VIN, waybill and station codes are upper-cased.',
  })
  @ApiCreatedResponse({
    type: ConsignmentDto,
    description: 'Booked; Location names it, ETag carries its version',
    example: BOOKED_CONSIGNMENT_EXAMPLE,
  })
  @ApiProblems({
    409: {
      description: 'The waybill number or a VIN is already booked (each named in errors[])',
      slug: 'vin-already-booked',
      detail: `VIN ${EXAMPLE.vin} is already booked in another consignment`,
      errors: [{ field: 'vehicles[0].vin', message: `${EXAMPLE.vin} is already booked` }],
    },
    422: {
      description:
        'A VIN fails its check digit or repeats, a station does not exist, or the exporter is missing (staff), ' +
        'unknown or not yours (exporters); each field named in errors[]',
      detail: 'Invalid value for vehicles[0].vin',
      errors: [{ field: 'vehicles[0].vin', message: 'check digit mismatch: expected 3' }],
    },
  })
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
  @ApiOperation({
    summary: 'List consignments',
    description:
      "Consignments, newest first: staff see all, an exporter its organization's. Filter by `status`, `trainId`, " +
      '`waybillNumber` (upper-cased, then matched exactly) or `containerNumber` (a vehicle in that container now). ' +
      'Paginated with `limit` and `cursor`. With `Accept: text/csv` (or the XLSX type), every consignment the ' +
      'filters match (all pages; `limit` and `cursor` do not apply) as a booking manifest download, one row per ' +
      'vehicle, in the columns of the consignment template (so it re-imports): CSV in UTF-8 with a byte order ' +
      "mark, formula-like cells prefixed with `'`; XLSX with every cell text except the declared value, a number.",
  })
  @ApiExtraModels(ConsignmentPageDto)
  @ApiHeader({
    name: 'Accept',
    required: false,
    description: '`application/json` (the default), `text/csv` or the XLSX type',
    example: 'text/csv',
  })
  @ApiOkResponse({
    description: "Staff see all; an exporter sees its organization's",
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ConsignmentPageDto) } },
      'text/csv': { schema: { type: 'string' }, example: CONSIGNMENTS_CSV_EXAMPLE },
      [SPREADSHEET_MEDIA_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async list(
    @CurrentCaller() caller: Caller,
    @Query() query: ConsignmentListQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | Readable> {
    const format = namedSpreadsheetFormat(accept);
    if (format) return sendSpreadsheet(reply, format, this.manifests.consignmentList(caller, query));
    return jsonText(reply, await this.consignments.list(caller, query));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a consignment',
    description:
      'One consignment with its vehicles, its status, where it was last seen and its ETA; the ETag carries its ' +
      "version. An exporter gets another organization's consignment as 404, as if it did not exist.",
  })
  @CONSIGNMENT_ID
  @ApiOkResponse({ type: ConsignmentDto, description: 'The consignment; the ETag header carries its version' })
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
  @Audited('consignment.updated')
  @ApiOperation({
    summary: 'Change the consignee',
    description:
      'Replaces the consignee while the consignment is `booked` (once loaded, it travels under its waybill as it ' +
      'is). Send the ETag you read as `If-Match` so that a change made meanwhile is not overwritten (412 then).',
  })
  @CONSIGNMENT_ID
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the version being changed',
    example: '"3"',
  })
  @ApiOkResponse({ type: ConsignmentDto, description: 'The consignment as changed, with its new ETag' })
  @ApiProblems({
    409: {
      description: 'Already loaded: the consignee can no longer change',
      slug: 'consignee-fixed',
      detail: 'The consignment is loaded: its consignee can change only while booked',
    },
    412: {
      description: 'The consignment changed since the given ETag',
      detail: `Consignment ${EXAMPLE.consignmentId} is at version 4, not 3`,
    },
  })
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
  @ApiOperation({
    summary: 'Find a vehicle by VIN',
    description:
      'Where a vehicle is: its consignment, train, unit (container or wagon), status, last station and ETA. An ' +
      "exporter gets another organization's vehicle as 404, as if it did not exist.",
  })
  @ApiParam({ name: 'vin', example: EXAMPLE.vin, description: 'The VIN (any case)' })
  @ApiOkResponse({ type: VehicleLookupDto, description: 'The vehicle and where it is' })
  @ApiProblems({
    404: {
      description: "No vehicle has this VIN, or it is another organization's (never told apart)",
      detail: `Vehicle ${EXAMPLE.vin} was not found`,
    },
  })
  get(@CurrentCaller() caller: Caller, @Param('vin', UPPER_CASE) vin: string): Promise<VehicleLookupDto> {
    return this.consignments.vehicle(caller, vin);
  }
}
