import { Controller, Get, Injectable, Param, type PipeTransform, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiProblems,
  type Caller,
  containerNumberProblem,
  CurrentCaller,
  EXAMPLE,
  InvalidInputError,
  jsonText,
  Roles,
} from '@landbridge/common';
import type { FastifyReply } from 'fastify';
import { ContainerDto } from './container.dto.js';
import { ContainersService } from './containers.service.js';

/** The `number` path parameter upper-cased, and refused with 422 unless it is an ISO 6346 container number. */
@Injectable()
class ContainerNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const number = value.toUpperCase();
    const problem = containerNumberProblem(number);
    if (problem) throw new InvalidInputError('Invalid value for number', [{ field: 'number', message: problem }]);
    return number;
  }
}

@ApiTags('operations')
@Controller('containers')
@Roles('admin', 'operator', 'exporter')
export class ContainersController {
  constructor(private readonly containers: ContainersService) {}

  @Get(':number')
  @ApiOperation({
    summary: 'Find a container',
    description:
      'Where a container is on its trip (the train still under way, else the latest, that listed it on its consist ' +
      'or loaded into it vehicles still in it; cancelled trains never): ' +
      'the wagon it sits on now, the vehicles in it, and every consist it was on. An exporter sees a container ' +
      'only while it holds one of its vehicles, then only its own vehicles in it; else 404, as if it did not exist.',
  })
  @ApiParam({
    name: 'number',
    example: EXAMPLE.containerNumber,
    description: 'ISO 6346 container number with its check digit (any case)',
  })
  @ApiOkResponse({ type: ContainerDto, description: 'The container on its trip' })
  @ApiProblems({
    404: {
      description:
        'No train listed or loaded this container, or (for an exporter) it holds none of its vehicles: the two are ' +
        'never told apart',
      detail: `Container ${EXAMPLE.containerNumber} was not found`,
    },
    422: {
      description: 'The number is no ISO 6346 container number (its check digit named)',
      detail: 'Invalid value for number',
      errors: [{ field: 'number', message: 'check digit mismatch: expected 3' }],
    },
  })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('number', ContainerNumberPipe) number: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return jsonText(reply, await this.containers.get(caller, number));
  }
}
