import type { Readable } from 'node:stream';
import { Controller, Get, Headers, HttpCode, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  noteAudit,
  Audited,
  ANY_ROLE,
  ApiProblems,
  type Caller,
  csvDocument,
  CurrentCaller,
  Post,
  Roles,
  ApiSpreadsheetDownload,
  spreadsheetDownload,
  SpreadsheetRoute,
  type SpreadsheetUpload,
  UploadedSpreadsheet,
  XLSX_CONTENT_TYPE,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { ConsignmentManifestService } from './consignment-manifest.service.js';
import {
  CONSIGNMENT_COLUMNS,
  CONSIGNMENT_EXAMPLE_ROW,
  LOADING_LIST_COLUMNS,
  LOADING_LIST_EXAMPLE_ROW,
} from './manifest-columns.js';
import { ConsignmentManifestCheckDto, ConsignmentManifestResultDto, DryRunQueryDto } from './manifest.dto.js';

/** The OpenAPI answer of a template, as CSV (the example) or XLSX. */
const template = (columns: Record<string, string>) =>
  ApiSpreadsheetDownload(
    'The header row and one example row: UTF-8 CSV with a BOM, or XLSX (one worksheet, every cell text)',
    csvDocument([Object.keys(columns), Object.values(columns)]),
  );

@ApiTags('operations')
@Controller('manifests')
@Roles(...ANY_ROLE)
export class ManifestsController {
  constructor(private readonly manifests: ConsignmentManifestService) {}

  @Get('templates/consignments')
  @ApiOperation({
    summary: 'Consignment manifest template',
    description:
      'The columns of a consignment manifest (one row per vehicle) and one example row, as CSV (the default) or ' +
      'XLSX by Accept. Headers may be written in English (as here), Chinese or Russian.',
  })
  @template(CONSIGNMENT_EXAMPLE_ROW)
  consignmentTemplate(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return templateFile(reply, accept, 'consignments', Object.keys(CONSIGNMENT_COLUMNS), CONSIGNMENT_EXAMPLE_ROW);
  }

  @Get('templates/loading-list')
  @ApiOperation({
    summary: 'Loading list template',
    description:
      'The columns of a train’s loading list (one row per vehicle: its unit, and the wagon for a container) and ' +
      'one example row, as CSV (the default) or XLSX by Accept.',
  })
  @template(LOADING_LIST_EXAMPLE_ROW)
  loadingListTemplate(@Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    return templateFile(reply, accept, 'loading-list', Object.keys(LOADING_LIST_COLUMNS), LOADING_LIST_EXAMPLE_ROW);
  }

  @Post('consignments')
  @Audited('consignment.manifest_uploaded')
  @SpreadsheetRoute()
  @HttpCode(201)
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE, 'multipart/form-data')
  @ApiOperation({
    summary: 'Book consignments from a manifest',
    description:
      'A CSV or XLSX file (its first sheet) as the body, or multipart/form-data with a `file` field (.csv or ' +
      '.xlsx), of one row per vehicle; rows sharing a ' +
      'waybill make one consignment and must agree on its columns. Every row is validated as POST /consignments ' +
      'validates a booking (VIN check digits, stations, exporter, value, currency), and against the file and what ' +
      'is booked already; all or nothing. Exporters book for their own organization (leave `exporterId` empty). ' +
      'Up to 50,000 rows and 20 MiB. With `dryRun=true` nothing is stored (200).',
  })
  @ApiCreatedResponse({ type: ConsignmentManifestResultDto, description: 'Booked (a dry run answers 200 without ids)' })
  @ApiOkResponse({ type: ConsignmentManifestCheckDto, description: 'dryRun=true: what the file would book' })
  @ApiProblems({
    413: 'More than 50,000 data rows, or a file over 20 MiB (an XLSX file: or inflating past its limits)',
    415: 'Not a CSV or XLSX upload',
    422: {
      description:
        'Rows at fault, each by row and column (at most 1,000 listed; errorCount says how many); or an XLSX ' +
        'file that cannot be read or is refused (external links, macros, too many columns), on the `file` field',
      slug: 'invalid-spreadsheet',
      detail: 'The file has 1 invalid value; nothing was stored',
      errors: [
        {
          field: 'vin',
          row: 14,
          column: '车架号',
          value: 'LGXCH4CD1S2107503',
          message: 'check digit mismatch: expected 3',
        },
      ],
      extensions: { errorCount: 1 },
    },
  })
  async bookConsignments(
    @CurrentCaller() caller: Caller,
    @UploadedSpreadsheet() upload: SpreadsheetUpload,
    @Query() query: DryRunQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsignmentManifestCheckDto | ConsignmentManifestResultDto> {
    if (query.dryRun === 'true') {
      void reply.status(200);
      noteAudit({ unchanged: true });
      return this.manifests.book(caller, upload, true);
    }
    return this.manifests.book(caller, upload, false);
  }
}

/** A template in the format Accept prefers (CSV by default; 406 when neither CSV nor XLSX is acceptable). */
function templateFile(
  reply: FastifyReply,
  accept: string | undefined,
  name: string,
  columns: string[],
  example: Record<string, string>,
): Readable {
  return spreadsheetDownload(reply, accept, {
    name: `${name}-template`,
    sheetName: 'Template',
    header: columns,
    rows: [columns.map((column) => example[column] ?? '')],
  });
}
