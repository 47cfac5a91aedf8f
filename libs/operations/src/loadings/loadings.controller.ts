import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  Audited,
  ApiIdParam,
  ApiProblems,
  Delete,
  EXAMPLE,
  Post,
  Roles,
  UPPER_CASE,
  UUID_404,
} from '@landbridge/common';
import { CreateLoadingDto, LoadingDto } from './loading.dto.js';
import { LoadingsService } from './loadings.service.js';

@ApiTags('operations')
@Controller('trains/:id/loadings')
@Roles('operator', 'admin')
export class LoadingsController {
  constructor(private readonly loadings: LoadingsService) {}

  @Post()
  @Audited('loading.created', { entity: 'train', param: 'id' })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Load vehicles into a container or onto a wagon',
    description:
      'Staff record that these booked vehicles (1–500 VINs) went into this container or onto this wagon of the train, ' +
      'all or none: one bad VIN refuses the whole request. The train must be `planned` or `loading` (the first loading ' +
      'makes it `loading`); a vehicle travels on one train at a time, and a consignment’s vehicles on one train. ' +
      'A container rides one train at a time: not one on the consist of another train that has not arrived, nor ' +
      'one holding vehicles loaded on such a train.',
  })
  @ApiIdParam('train', EXAMPLE.trainId)
  @ApiCreatedResponse({ type: LoadingDto, description: 'Loaded: the vehicles’ consignments are `loaded`' })
  @ApiProblems({
    409: {
      description:
        'A VIN is already on another train that has not arrived (named, with `trainId`), its consignment travels on ' +
        'another train or is cancelled, the train has departed, or the container rides another train that has not ' +
        'arrived, on its consist or holding vehicles loaded on it (slug `container-on-other-train`, field ' +
        '`unit.number`, with that train’s `trainId` and `trainNumber`)',
      slug: 'vin-already-loaded',
      detail: `VIN ${EXAMPLE.vin} is already on train 0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10`,
      errors: [{ field: 'vins[0]', message: 'already on train 0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10' }],
      extensions: { trainId: '0c8e2a4f-6b1d-4e3a-9c5f-7d2b4a6e8f10' },
    },
    422: {
      description: 'A VIN is booked in no consignment, or a VIN or the unit number fails its check digit (each named)',
      slug: 'unknown-vin',
      detail: 'Unknown VIN',
      errors: [{ field: 'vins[2]', message: 'no vehicle LGXCE4CBXR2104518 is booked' }],
    },
  })
  load(@Param('id', UUID_404) trainId: string, @Body() input: CreateLoadingDto): Promise<LoadingDto> {
    return this.loadings.load(trainId, input);
  }

  @Delete(':vin')
  @Audited('loading.deleted', { entity: 'train', param: 'id' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unload a vehicle',
    description:
      'Staff take a vehicle off the train before departure (say, to load it elsewhere); its consignment leaves the ' +
      'train with its last vehicle.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: EXAMPLE.trainId, description: 'The id of the train' })
  @ApiParam({ name: 'vin', example: EXAMPLE.vin, description: 'The VIN of the vehicle (any case)' })
  @ApiNoContentResponse({ description: 'Unloaded' })
  @ApiProblems({
    404: {
      description: 'No train has this id, or the vehicle is not loaded on it',
      detail: `Loading of VIN ${EXAMPLE.vin} on train ${EXAMPLE.trainId} was not found`,
    },
    409: {
      description: 'The train has departed',
      slug: 'train-closed-for-loading',
      detail: `Train ${EXAMPLE.trainNumber} is departed: unloading is possible only before departure`,
    },
  })
  async unload(@Param('id', UUID_404) trainId: string, @Param('vin', UPPER_CASE) vin: string): Promise<void> {
    await this.loadings.unload(trainId, vin);
  }
}
