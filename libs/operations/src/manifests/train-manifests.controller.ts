import type { Readable } from 'node:stream';
import { Controller, Get, Headers, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  noteAudit,
  Audited,
  ApiIdParam,
  ApiProblems,
  ApiSpreadsheetDownload,
  EXAMPLE,
  Post,
  Roles,
  spreadsheetDownload,
  SpreadsheetRoute,
  type SpreadsheetUpload,
  UploadedSpreadsheet,
  UUID_404,
  XLSX_CONTENT_TYPE,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { LoadingListService } from './loading-list.service.js';
import { DryRunQueryDto, LoadingListResultDto } from './manifest.dto.js';
import { ManifestsService } from './manifests.service.js';

/** An example manifest as the endpoint documents it. */
const MANIFEST_EXAMPLE =
  '\uFEFFwagonNumber,unitKind,unitNumber,vin,make,model,powertrain,waybillNumber,exporter,consigneeName,' +
  'declaredValue,currency,vehicleCount\r\n' +
  `${EXAMPLE.wagonNumber},container,${EXAMPLE.containerNumber},${EXAMPLE.vin},BYD,Song PLUS,PHEV,` +
  `${EXAMPLE.waybillNumber},"${EXAMPLE.exporterName}",OOO Avtodom,18500.00,USD,\r\n` +
  ',,,,,,,,,,,,\r\n' +
  `TOTAL,,,,,,,,"${EXAMPLE.exporterName}",,18500.00,USD,1\r\n`;

/** A train's manifests: its manifest out (CSV or XLSX) and a loading list in. */
@ApiTags('operations')
@Controller('trains/:id')
@Roles('operator', 'admin')
export class TrainManifestsController {
  constructor(
    private readonly manifests: ManifestsService,
    private readonly loadingLists: LoadingListService,
  ) {}

  @Get('manifest')
  @ApiOperation({
    summary: "Download a train's manifest (CSV or XLSX)",
    description:
      'The loading list a border agent asks for: every vehicle loaded on the train, by the position of its wagon ' +
      'in the consist in force (vehicles of a train without a consist have no wagon), then container or car ' +
      'carrier and VIN, with make, model, powertrain, waybill, exporter, consignee and declared value. After a row ' +
      'of empty cells come the totals, one row per exporter and currency, marked `TOTAL` in the wagonNumber ' +
      'column, with `vehicleCount` and the declared value summed. The columns wagonNumber, unitKind, unitNumber ' +
      'and vin are the loading-list template’s, so the file re-imports as a loading list (the upload skips rows ' +
      'of empty cells and TOTAL rows). CSV (the default): UTF-8 with a byte order mark; cells that a spreadsheet ' +
      "would run as a formula start with `'`. XLSX (by Accept): one worksheet with the same rows, every cell text " +
      '(never a formula) except the declared values and vehicle counts, which are numbers (shown with their ' +
      'decimals) so that a spreadsheet sums them.',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiSpreadsheetDownload('The manifest', MANIFEST_EXAMPLE)
  async manifest(
    @Param('id', UUID_404) trainId: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    return spreadsheetDownload(reply, accept, await this.manifests.trainManifest(trainId));
  }

  @Post('manifests/loading-list')
  @Audited('loading.manifest_uploaded', { entity: 'train', param: 'id' })
  @HttpCode(201)
  @SpreadsheetRoute()
  @ApiOperation({
    summary: 'Load a train from a loading list (CSV or XLSX)',
    description:
      'One row per vehicle: `vin, unitKind, unitNumber, wagonNumber?` (headers in English, Chinese or Russian, any ' +
      'case), as a text/csv body (comma or semicolon, UTF-8 with or without BOM), an XLSX body (its first sheet) or ' +
      'multipart/form-data `file` (.csv or .xlsx); up ' +
      'to 50,000 rows or 20 MiB. The rules of POST /trains/:id/loadings apply to every row (check digits, the ' +
      'unit on the consist when the train has one and the wagon named matching it, the VIN booked and on no other ' +
      'train, a container riding no other train), then the whole file loads in one transaction. Any bad row ' +
      'refuses the file, each listed by spreadsheet row and column; nothing is stored. A train’s manifest ' +
      're-imports as it is: its other columns are ignored, and so are rows of empty cells and `TOTAL` rows. With ' +
      '`dryRun=true`, the same checks and answer (200), nothing stored.',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE, 'multipart/form-data')
  @ApiBody({
    description: 'The loading list (CSV text, an XLSX workbook, or a multipart `file`)',
    schema: {
      type: 'string',
      example: `vin,unitKind,unitNumber,wagonNumber\n${EXAMPLE.vin},container,${EXAMPLE.containerNumber},`,
    },
  })
  @ApiCreatedResponse({ type: LoadingListResultDto, description: 'Loaded: the vehicles’ consignments are `loaded`' })
  @ApiOkResponse({ type: LoadingListResultDto, description: 'Dry run: what the file would load; nothing stored' })
  @ApiProblems({
    409: {
      description: 'The train has departed (or is cancelled): loading is possible only before departure',
      slug: 'train-closed-for-loading',
      detail: `Train ${EXAMPLE.trainNumber} is departed: loading is possible only before departure`,
    },
    413: {
      description: 'More than 50,000 data rows or 20 MiB (an XLSX file: or inflating past its limits)',
      detail: 'The file is larger than 20 MiB',
    },
    415: {
      description: 'Not a CSV or XLSX body or multipart `file`',
      detail: 'The `file` must be a CSV (.csv, text/csv) or XLSX (.xlsx) file',
    },
    422: {
      description:
        'Rows break the loading rules: each listed with its `row` (the header is row 1), `column` as the file ' +
        'names it and `value` (at most 1,000; `errorCount` counts them all); or an XLSX file that cannot be read ' +
        'or is refused (external links, macros, too many columns), on the `file` field',
      slug: 'invalid-spreadsheet',
      detail: 'The file has 1 invalid value; nothing was stored',
      errors: [
        {
          field: 'unitNumber',
          row: 7,
          column: 'unitNumber',
          value: 'CSQU3054384',
          message: 'check digit mismatch: expected 3',
        },
      ],
      extensions: { errorCount: 1 },
    },
  })
  async load(
    @Param('id', UUID_404) trainId: string,
    @Query() query: DryRunQueryDto,
    @UploadedSpreadsheet() upload: SpreadsheetUpload,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoadingListResultDto> {
    const dryRun = query.dryRun === 'true';
    const result = await this.loadingLists.load(trainId, upload, dryRun);
    if (dryRun) {
      void reply.status(200);
      noteAudit({ unchanged: true });
    }
    return result;
  }
}
