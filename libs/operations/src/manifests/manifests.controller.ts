import type { Readable } from 'node:stream';
import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  admitsCsv,
  ApiIdParam,
  ApiProblems,
  EXAMPLE,
  NotAcceptableSpreadsheetError,
  Roles,
  sendCsv,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { ManifestsService } from './manifests.service.js';

/** An example manifest as the endpoint documents it. */
const MANIFEST_EXAMPLE =
  '\uFEFFwagonNumber,unitKind,unitNumber,vin,make,model,powertrain,waybillNumber,exporter,consigneeName,' +
  'declaredValue,currency,vehicleCount\r\n' +
  `${EXAMPLE.wagonNumber},container,${EXAMPLE.containerNumber},${EXAMPLE.vin},BYD,Song PLUS,PHEV,` +
  `${EXAMPLE.waybillNumber},"${EXAMPLE.exporterName}",OOO Avtodom,18500.00,USD,\r\n` +
  ',,,,,,,,,,,,\r\n' +
  `TOTAL,,,,,,,,"${EXAMPLE.exporterName}",,18500.00,USD,1\r\n`;

@ApiTags('operations')
@Controller('trains/:id/manifest')
@Roles('operator', 'admin')
export class ManifestsController {
  constructor(private readonly manifests: ManifestsService) {}

  @Get()
  @ApiOperation({
    summary: "Download a train's manifest (CSV)",
    description:
      'The loading list a border agent asks for: every vehicle loaded on the train, by the position of its wagon ' +
      'in the consist in force (vehicles of a train without a consist have no wagon), then container or car ' +
      'carrier and VIN, with make, model, powertrain, waybill, exporter, consignee and declared value. After a row ' +
      'of empty cells come the totals, one row per exporter and currency, marked `TOTAL` in the wagonNumber ' +
      'column, with `vehicleCount` and the declared value summed. The columns wagonNumber, unitKind, unitNumber ' +
      'and vin are the loading-list template’s, so the file re-imports as a loading list (the upload skips rows ' +
      'of empty cells and TOTAL rows). UTF-8 with a byte order mark; cells that a spreadsheet would run as a ' +
      "formula start with `'`. CSV is the default; XLSX is not written yet (406).",
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` (the default)', example: 'text/csv' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The manifest as a CSV download (Content-Disposition: attachment)',
    content: { 'text/csv': { schema: { type: 'string' }, example: MANIFEST_EXAMPLE } },
  })
  @ApiProblems({
    406: {
      description: 'Accept asks for a format other than CSV (XLSX is not written yet)',
      slug: 'not-acceptable',
      detail: 'XLSX manifests are not supported yet: ask for text/csv',
    },
  })
  async manifest(
    @Param('id', UUID_404) trainId: string,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Readable> {
    if (!admitsCsv(accept)) {
      throw new NotAcceptableSpreadsheetError(
        /spreadsheetml/i.test(accept ?? '')
          ? 'XLSX manifests are not supported yet: ask for text/csv'
          : `A manifest is written as text/csv, not as ${accept}`,
      );
    }
    const file = await this.manifests.trainManifest(trainId);
    return sendCsv(reply, file.filename, file.body);
  }
}
