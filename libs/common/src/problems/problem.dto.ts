import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { FieldError } from './problem-details.js';

/** The OpenAPI schema of one entry of a problem's `errors[]`. */
@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto implements FieldError {
  @ApiProperty({
    example: 'vehicles[0].vin',
    description: 'The JSON path of the value at fault, as the client sent it (or a header or query parameter name)',
  })
  field: string;

  @ApiProperty({ example: 'check digit mismatch: expected 3', description: 'Why it is refused, in a few words' })
  message: string;

  @ApiPropertyOptional({
    type: 'integer',
    example: 14,
    description: 'A spreadsheet upload: the row at fault, as a spreadsheet numbers it (the header is row 1)',
  })
  row?: number;

  @ApiPropertyOptional({
    example: '车架号',
    description: 'A spreadsheet upload: the column at fault, by its header as the file writes it',
  })
  column?: string;

  @ApiPropertyOptional({
    example: 'LGXCH4CD1S2107503',
    description: 'A spreadsheet upload: the value found there (the first 200 characters)',
  })
  value?: string;
}

/** A consignment named by a refused departure, with its vehicles that are not loaded. */
@ApiSchema({ name: 'UnloadedConsignment' })
export class UnloadedConsignmentDto {
  @ApiProperty({ format: 'uuid', example: '8f14e45f-ceea-4a67-9a4b-2c1d3e5f7a90' })
  id: string;

  @ApiProperty({ example: 'SMGS24030001' })
  waybillNumber: string;

  @ApiProperty({ type: [String], example: ['LGXCH4CD3S2107503'], description: 'Its VINs that are not loaded' })
  vins: string[];
}

/**
 * The OpenAPI schema of every error answer (RFC 9457 problem details, `application/problem+json`): the
 * members the problem-details filter writes, and the extensions some problems add.
 */
@ApiSchema({ name: 'Problem' })
export class ProblemDto {
  @ApiProperty({
    example: 'https://landbridge.dev/problems/validation-failed',
    description:
      'Identifies the kind of problem (https://landbridge.dev/problems/<slug>): branch on it, not on the text',
  })
  type: string;

  @ApiProperty({ example: 'Unprocessable Content', description: 'The reason phrase of the status' })
  title: string;

  @ApiProperty({ type: 'integer', example: 422, description: 'The HTTP status, repeated' })
  status: number;

  @ApiProperty({ example: 'Invalid value for vehicles[0].vin', description: 'What went wrong with this request' })
  detail: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Each field at fault (400, 409 and 422 answers)' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    example: '9a7b3c5d-1e2f-4a6b-8c0d-2e4f6a8b0c1d',
    description: 'On the replay of a create that showed a secret once (409 secret-shown-once): what it created',
  })
  createdId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '3b9d6f0e-2c4a-4e8b-9f1d-7a5c2e8b4d61',
    description:
      'The train already holding the vehicle or container (409 vin-already-loaded, consignment-on-other-train, ' +
      'container-on-other-train)',
  })
  trainId?: string;

  @ApiPropertyOptional({
    example: 'X8202',
    description: 'That train by its number (409 consignment-on-other-train, container-on-other-train)',
  })
  trainNumber?: string;

  @ApiPropertyOptional({
    type: [UnloadedConsignmentDto],
    description:
      'A train refused DEPARTED (409 vehicles-not-loaded): each consignment on it with vehicles not loaded, and ' +
      'those VINs; errors[].field points into this list',
  })
  consignments?: UnloadedConsignmentDto[];

  @ApiPropertyOptional({
    type: 'integer',
    example: 5,
    description:
      'A refused spreadsheet (422 invalid-spreadsheet): how many errors it has, of which errors[] lists at most 1,000',
  })
  errorCount?: number;
}
