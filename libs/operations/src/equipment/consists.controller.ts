import { Body, Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ApiIdParam,
  ApiProblems,
  EXAMPLE,
  etagOf,
  expectedVersion,
  jsonText,
  Put,
  Roles,
  UUID_404,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { ConsistDto, ConsistQueryDto, PutConsistDto } from './consist.dto.js';
import { ConsistsService } from './consists.service.js';

@ApiTags('operations')
@Controller('trains/:id/consist')
@Roles('operator', 'admin')
export class ConsistsController {
  constructor(private readonly consists: ConsistsService) {}

  @Put()
  @Audited('consist.updated', { entity: 'train', param: 'id' })
  @ApiOperation({
    summary: 'Set the consist formed at the origin',
    description:
      'Staff give the wagons the train is formed of at its origin, by position, with the containers on each flat. ' +
      'Possible while the train is `planned` or `loading`; each call replaces the wagons (a new version, the ETag). ' +
      'Every wagon is of the origin’s gauge; a flat carries 2 or 4 TEU; a container rides on one wagon, and on no ' +
      'other train’s consist. Once a train has a consist, vehicles are loaded only into its containers or onto its ' +
      'car carriers, so a new consist must keep every unit that holds loaded vehicles. Send the ETag you read as ' +
      '`If-Match` (`"0"` for a train without a consist) so that a change made meanwhile is not overwritten.',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag of the consist being replaced; `"0"` while the train has none',
    example: '"1"',
  })
  @ApiOkResponse({ type: ConsistDto, description: 'The consist as set; the ETag header carries its version' })
  @ApiProblems({
    409: {
      description:
        'The train has departed or was cancelled (slug `consist-fixed`), or a container rides another train that ' +
        'has not arrived, on its consist or holding vehicles loaded on it (slug `container-on-other-train`: each ' +
        'named, with the first one’s `trainId` and ' +
        '`trainNumber`)',
      slug: 'container-on-other-train',
      detail: `Container ${EXAMPLE.containerNumber} is on train X8210 (id 0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10)`,
      errors: [
        {
          field: 'wagons[0].containers[0].number',
          message: 'on train X8210 (id 0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10)',
        },
      ],
      extensions: { trainId: '0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10', trainNumber: 'X8210' },
    },
    412: {
      description: 'The consist changed since the given ETag',
      detail: `The consist of train ${EXAMPLE.trainId} is at version 2, not 1`,
    },
    422: {
      description:
        'A wagon breaks the consist rules (slug `invalid-consist`: the wrong gauge or number form, a position or ' +
        'number used twice, a flat without capacity or over it, a car carrier with containers, a container on two ' +
        'wagons), or the consist leaves off a container or car carrier holding loaded vehicles (slug ' +
        '`loaded-unit-left-off`); each fault named',
      slug: 'invalid-consist',
      detail: 'The consist is not valid',
      errors: [{ field: 'wagons[0].gauge', message: 'must be 1435 mm: the origin CNZGZ is 1435 mm' }],
    },
  })
  async put(
    @Param('id', UUID_404) trainId: string,
    @Body() input: PutConsistDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const consist = await this.consists.put(trainId, input, expectedVersion(ifMatch));
    void reply.header('ETag', etagOf(consist.version));
    return jsonText(reply, consist.json);
  }

  @Get()
  @ApiOperation({
    summary: 'Get the consist at a time',
    description:
      'The wagons the train ran on at `at` (default now), with the containers on each: the consist formed at the ' +
      'origin, or the one a transshipment formed at a gauge change. The ETag carries its version.',
  })
  // The 404 is documented once, with both of its causes (ApiIdParam would add a second, generic one).
  @ApiParam({ name: 'id', format: 'uuid', example: EXAMPLE.trainId, description: 'The id of the train' })
  @ApiOkResponse({ type: ConsistDto, description: 'The consist in force then; the ETag header carries its version' })
  @ApiProblems({
    404: {
      description: 'No train has this id, or it had no consist at that time (slug `no-consist`)',
      slug: 'no-consist',
      detail: `Train ${EXAMPLE.trainId} has no consist`,
    },
  })
  async get(
    @Param('id', UUID_404) trainId: string,
    @Query() query: ConsistQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const consist = await this.consists.get(trainId, query.at ? new Date(query.at) : null);
    void reply.header('ETag', etagOf(consist.version));
    return jsonText(reply, consist.json);
  }
}
