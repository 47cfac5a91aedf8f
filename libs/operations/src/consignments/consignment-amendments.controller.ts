import { Body, Controller, Headers, HttpCode, Param, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  Audited,
  ANY_ROLE,
  type Caller,
  CurrentCaller,
  Delete,
  etagOf,
  expectedVersion,
  jsonText,
  Post,
  Roles,
  UPPER_CASE,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { AddVehiclesDto } from './add-vehicles.dto.js';
import { ConsignmentAmendmentsService } from './consignment-amendments.service.js';
import { ConsignmentDto } from './consignment.dto.js';
import type { ConsignmentJson } from './consignments.repository.js';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The ETag read (`"3"`): 412 when it changed since' };
const NOT_FOUND = "No such consignment, or another organization's";
const STALE = 'The consignment changed since the given ETag';

/**
 * Amendments before departure: POST /consignments/:id/vehicles, DELETE /consignments/:id/vehicles/:vin,
 * POST /consignments/:id/cancel. Each answers 200 with the consignment's document and its ETag.
 */
@ApiTags('operations')
@Controller('consignments')
@Roles(...ANY_ROLE)
export class ConsignmentAmendmentsController {
  constructor(private readonly amendments: ConsignmentAmendmentsService) {}

  @Post(':id/vehicles')
  @Audited('consignment.vehicles_added', { param: 'id' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Add vehicles to a consignment before departure',
    description:
      'Adds booked vehicles, checked as when booking. A loaded consignment stays on its train, whose departure ' +
      'then waits until they are loaded (or removed). Staff, or the exporter for its own consignments.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsignmentDto, description: 'The consignment with its new vehicles, at its new version' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'A VIN is booked already (named), or the consignment departed or is cancelled' })
  @ApiPreconditionFailedResponse({ description: STALE })
  @ApiUnprocessableEntityResponse({ description: 'A vehicle is invalid or repeated (named)' })
  async addVehicles(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: AddVehiclesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return answer(reply, await this.amendments.addVehicles(caller, id, input, expectedVersion(ifMatch)));
  }

  @Delete(':id/vehicles/:vin')
  @Audited('consignment.vehicle_removed', { param: 'id' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove a vehicle from a consignment before departure',
    description:
      'Removes the vehicle, unloading it first when it is loaded; the consignment leaves its train with its last ' +
      'loaded vehicle. The last vehicle of a consignment cannot be removed: cancel the consignment instead (409).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsignmentDto, description: 'The consignment without the vehicle, at its new version' })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}, or no such vehicle in it` })
  @ApiConflictResponse({
    description: 'The last vehicle (cancel instead), or the consignment departed or is cancelled',
  })
  @ApiPreconditionFailedResponse({ description: STALE })
  async removeVehicle(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Param('vin', UPPER_CASE) vin: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return answer(reply, await this.amendments.removeVehicle(caller, id, vin, expectedVersion(ifMatch)));
  }

  @Post(':id/cancel')
  @Audited('consignment.cancelled', { param: 'id' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a consignment that has not departed',
    description:
      'Releases its loadings: it leaves its train, and it and its vehicles become cancelled (one ' +
      '`consignment.status_changed` event). A second cancel is a 409 (or, with the same Idempotency-Key, the replay).',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsignmentDto, description: 'The cancelled consignment, at its new version' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  @ApiConflictResponse({ description: 'Cancelled already, or departed' })
  @ApiPreconditionFailedResponse({ description: STALE })
  async cancel(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return answer(reply, await this.amendments.cancel(caller, id, expectedVersion(ifMatch)));
  }
}

/** The consignment's document as it is, with its version as the ETag. */
function answer(reply: FastifyReply, consignment: ConsignmentJson): string {
  void reply.header('ETag', etagOf(consignment.version));
  return jsonText(reply, consignment.json);
}
