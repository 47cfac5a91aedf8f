import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicWhen } from '../access/public-when.decorator.js';
import { Roles } from '../access/roles.decorator.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus scrape endpoint: for staff, or for anyone when METRICS_PUBLIC=true. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Roles('admin', 'operator')
  @PublicWhen('METRICS_PUBLIC')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
