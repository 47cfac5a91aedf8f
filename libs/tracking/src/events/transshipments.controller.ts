import { Body, Controller, HttpCode, Param, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ApiIdParam,
  ApiProblems,
  type Caller,
  CurrentCaller,
  EXAMPLE,
  Post,
  Roles,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { CreateTransshipmentDto, TransshipmentDto } from './transshipment.dto.js';
import { TransshipmentsService } from './transshipments.service.js';

@ApiTags('tracking')
@Controller('trains')
export class TransshipmentsController {
  constructor(private readonly transshipments: TransshipmentsService) {}

  @Post(':id/transshipments')
  @Audited('transshipment.created', { entity: 'train', param: 'id' })
  @HttpCode(201)
  @Roles('operator', 'admin')
  @ApiOperation({
    summary: 'Transship a train at its gauge change',
    description:
      'Staff record the gauge change of a train at the stop of its route marked `gaugeChange`, after its ' +
      '`ARRIVED_AT_STATION` there: every container of the consist in force lands on exactly one new wagon of the ' +
      'stop’s gauge, and every vehicle that rode a car carrier moves onto a new car carrier or into a container ' +
      '(`vehicleMoves`, giving `wagonNumber` or `containerNumber`). All or nothing; once per gauge change. The ' +
      'train may take the other railway’s number (`trainNumber`); both numbers find it. The new consist is in ' +
      'force from `occurredAt`; the timeline shows a `TRANSSHIPPED` train event, and each consignment whose vehicles ' +
      'changed wagon gets a `consignment.transshipped` update (feed, stream, webhooks).',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiCreatedResponse({
    type: TransshipmentDto,
    description: 'Done: the new consist; Location names the consist in force from then on',
  })
  @ApiProblems({
    409: {
      description:
        'The train’s state forbids it: transshipped at this stop already, not arrived there by then (a late ' +
        'ARRIVED_AT_STATION may still come), no consist at that time or one replaced by a later gauge change, not ' +
        'departed, arrived, cancelled or closed, ' +
        'or its new number runs on that day already',
      slug: 'already-transshipped',
      detail: `Train ${EXAMPLE.trainNumber} was transshipped at MNZUU already`,
      errors: [{ field: 'stationCode', message: 'the train changed gauge at MNZUU already' }],
    },
    422: {
      description:
        'Not a gauge-change stop, or the new wagons and moves do not carry on everything: a container left ' +
        'behind or unknown, a wagon of the wrong gauge or over capacity, a vehicle of a car carrier moved nowhere, ' +
        'moved twice or onto a flat; or a time that contradicts the recorded events (each in errors[])',
      slug: 'invalid-transshipment',
      detail: 'The new consist and the vehicle moves must carry on every container and vehicle of the train',
      errors: [
        {
          field: 'wagons',
          message: 'container CSQU3054383 (on wagon 313353910026) is left behind: put it on a new wagon',
        },
        { field: 'wagons[3].gauge', message: 'must be 1520 mm: the gauge changes at MNZUU to 1520 mm' },
      ],
    },
  })
  async transship(
    @CurrentCaller() caller: Caller,
    @Param('id', UUID_404) id: string,
    @Body() input: CreateTransshipmentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransshipmentDto> {
    const done = await this.transshipments.transship(caller, id, input);
    const at = encodeURIComponent(done.occurredAt);
    void reply.header('Location', `/api/v1/trains/${id}/consist?at=${at}`);
    return done;
  }
}
