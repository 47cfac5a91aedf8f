import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'Metrics for Prometheus',
    description:
      'The Prometheus text exposition: request durations by route and status (http_request_duration_seconds), the ' +
      'status-update backlog (landbridge_outbox_backlog), webhook delivery attempts (landbridge_delivery_attempts_total), ' +
      'open event streams (landbridge_sse_clients) and the Node.js process. For staff, or for anyone when the ' +
      'service runs with METRICS_PUBLIC=true.',
  })
  @ApiOkResponse({
    description: 'Prometheus text format',
    schema: { type: 'string' },
    example:
      '# HELP http_request_duration_seconds HTTP request duration by method, route pattern and status code\n' +
      '# TYPE http_request_duration_seconds histogram\n' +
      'http_request_duration_seconds_bucket{le="0.05",method="GET",route="/api/v1/consignments/:id",status="200"} 1873\n',
  })
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
