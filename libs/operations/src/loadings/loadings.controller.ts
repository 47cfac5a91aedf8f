import { Body, Controller, HttpCode, Param } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Delete, Post, Roles, UPPER_CASE, UUID_404 } from '@landbridge/common';

import { CreateLoadingDto, LoadingDto } from './loading.dto.js';
import { LoadingsService } from './loadings.service.js';

@ApiTags('operations')
@Controller('trains/:id/loadings')
@Roles('operator', 'admin')
export class LoadingsController {
  constructor(private readonly loadings: LoadingsService) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: LoadingDto })
  @ApiUnprocessableEntityResponse({ description: 'A VIN is unknown or a unit number fails its check digit (named)' })
  @ApiConflictResponse({ description: 'A VIN is already on another train, or the train has departed' })
  load(@Param('id', UUID_404) trainId: string, @Body() input: CreateLoadingDto): Promise<LoadingDto> {
    return this.loadings.load(trainId, input);
  }

  @Delete(':vin')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Unloaded' })
  @ApiConflictResponse({ description: 'The train has departed' })
  async unload(@Param('id', UUID_404) trainId: string, @Param('vin', UPPER_CASE) vin: string): Promise<void> {
    await this.loadings.unload(trainId, vin);
  }
}
