import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SpreadsheetTooLargeError, UnsupportedSpreadsheetError } from './spreadsheet-errors.js';

/** The largest spreadsheet upload (the raw file, as the body or as the multipart `file`). */
const MAX_SPREADSHEET_BYTES = 20 * 1024 * 1024;

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The first bytes of a zip archive (a local file header), which every XLSX file is. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The route config key that opens a route to spreadsheet bodies (see SpreadsheetRoute). */
const SPREADSHEET_ROUTE = 'landbridge:spreadsheet';

/**
 * An uploaded spreadsheet file: its raw bytes (at most MAX_SPREADSHEET_BYTES, read as a stream by the
 * format reader, never held as parsed objects) and their SHA-256. As JSON it is only that hash, so the
 * Idempotency-Key fingerprint of an upload is that of its bytes.
 */
export class SpreadsheetUpload {
  readonly sha256: string;

  constructor(
    readonly bytes: Buffer,
    readonly format: 'csv' | 'xlsx',
  ) {
    this.sha256 = createHash('sha256').update(bytes).digest('hex');
  }

  toJSON(): { sha256: string; format: string } {
    return { sha256: this.sha256, format: this.format };
  }
}

/** Marks a route as taking a spreadsheet upload (text/csv or XLSX body, or multipart `file`). */
export const SpreadsheetRoute = (): MethodDecorator => RouteConfig({ [SPREADSHEET_ROUTE]: true });

/** The handler parameter of the upload of a SpreadsheetRoute (415 when the request sent no spreadsheet). */
export const UploadedSpreadsheet = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const body = context.switchToHttp().getRequest<FastifyRequest>().body;
  if (body instanceof SpreadsheetUpload) return body;
  throw new UnsupportedSpreadsheetError(
    `Send the spreadsheet as a text/csv or ${XLSX_CONTENT_TYPE} body, or as multipart/form-data with a \`file\` field`,
  );
});

function isSpreadsheetRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
  return config?.[SPREADSHEET_ROUTE] === true;
}

/**
 * Spreadsheet bodies, for the routes marked SpreadsheetRoute only: `text/csv` and XLSX up to
 * MAX_SPREADSHEET_BYTES (413 beyond), and multipart/form-data whose `file` part is read the same way (an
 * XLSX file known by its name, its type or its zip signature). Anywhere else these content types stay 415,
 * as hardenBodyParsing leaves every body but JSON. Register after hardenBodyParsing.
 */
export async function registerSpreadsheetUploads(fastify: FastifyInstance): Promise<void> {
  fastify.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'buffer', bodyLimit: MAX_SPREADSHEET_BYTES },
    (request, body, done) => {
      if (!isSpreadsheetRoute(request)) return done(notAccepted(), undefined);
      done(null, new SpreadsheetUpload(body as Buffer, 'csv'));
    },
  );
  fastify.addContentTypeParser(
    XLSX_CONTENT_TYPE,
    { parseAs: 'buffer', bodyLimit: MAX_SPREADSHEET_BYTES },
    (request, body, done) => {
      if (!isSpreadsheetRoute(request)) return done(notAccepted(), undefined);
      done(null, new SpreadsheetUpload(body as Buffer, 'xlsx'));
    },
  );
  await fastify.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: MAX_SPREADSHEET_BYTES, files: 1, fields: 0, parts: 1, fieldSize: 1024 },
  });
  fastify.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    if (!isSpreadsheetRoute(request)) throw notAccepted();
    request.body = await multipartSpreadsheet(request);
  });
}

async function multipartSpreadsheet(request: FastifyRequest): Promise<SpreadsheetUpload> {
  let file;
  try {
    file = await request.file();
  } catch (error) {
    throw tooLargeOr(error);
  }
  if (!file || file.fieldname !== 'file') {
    throw new UnsupportedSpreadsheetError('The multipart body must carry the spreadsheet as its `file` field');
  }
  let bytes: Buffer;
  try {
    bytes = await file.toBuffer();
  } catch (error) {
    throw tooLargeOr(error);
  }
  const name = file.filename.toLowerCase();
  if (name.endsWith('.xlsx') || file.mimetype === XLSX_CONTENT_TYPE || bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    return new SpreadsheetUpload(bytes, 'xlsx');
  }
  if (!name.endsWith('.csv') && !/^(text|application)\/csv$/.test(file.mimetype)) {
    throw new UnsupportedSpreadsheetError('The `file` must be a CSV (.csv, text/csv) or XLSX (.xlsx) file');
  }
  return new SpreadsheetUpload(bytes, 'csv');
}

function tooLargeOr(error: unknown): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
    return new SpreadsheetTooLargeError(`The file is larger than ${MAX_SPREADSHEET_BYTES / 1024 / 1024} MiB`);
  }
  return error;
}

function notAccepted(): UnsupportedSpreadsheetError {
  return new UnsupportedSpreadsheetError('Send the request body as application/json');
}
