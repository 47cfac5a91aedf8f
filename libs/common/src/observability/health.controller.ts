import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { type HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/public.decorator.js';

export interface HealthReport {
  status: 'ok' | 'error';
  checks: Record<string, string>;
}

/** The OpenAPI schema of a health report. */
class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'error'], example: 'ok' })
  status: 'ok' | 'error';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
    example: { database: 'up' },
    description: 'Each dependency checked, up or down',
  })
  checks: Record<string, string>;
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Health of the service',
    description:
      'Public, for load balancers and monitoring: 200 when every dependency (the database) answers within 2 s, ' +
      'else 503 naming the one that is down.',
  })
  @ApiOkResponse({ type: HealthReportDto, description: 'Every dependency is up' })
  @ApiServiceUnavailableResponse({
    type: HealthReportDto,
    description: 'A dependency is down',
    example: { status: 'error', checks: { database: 'down' } },
  })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    try {
      return toReport(await this.health.check([() => this.database.pingCheck('database').withTimeout(2000)]));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      return toReport(error.getResponse() as HealthCheckResult);
    }
  }
}

function toReport(result: HealthCheckResult): HealthReport {
  const checks = Object.fromEntries(
    Object.entries(result.details).map(([name, detail]) => [name, String(detail.status)]),
  );
  return { status: result.status === 'ok' ? 'ok' : 'error', checks };
}
