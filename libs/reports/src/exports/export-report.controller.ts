import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, ApiProblems, type Caller, CurrentCaller, Roles } from '@landbridge/common';
import { ExportReportDto, ExportReportQueryDto } from './export-report.dto.js';
import { ExportReportService } from './export-report.service.js';

@ApiTags('reports')
@Controller('reports')
@Roles(...ANY_ROLE)
export class ExportReportController {
  constructor(private readonly reports: ExportReportService) {}

  @Get('exports')
  @ApiOperation({
    summary: 'Export report',
    description:
      'For every month, quarter or year of the range: the vehicles that left on trains and their declared value in ' +
      'CNY, the new-energy part (BEV, PHEV, FCEV), and growth against the same stretch of days a year earlier. ' +
      'Periods are in China Standard Time, by the train’s actual departure. Staff see every exporter (or one, with ' +
      '`exporterId`); an exporter sees its own figures.',
  })
  @ApiOkResponse({
    type: ExportReportDto,
    description: "By the train's departure in China Standard Time; staff see all exporters, an exporter its own",
  })
  @ApiProblems({
    422: {
      description: 'Dates not of the calendar, reversed, or more than 20 years apart; or another exporter’s figures',
      slug: 'report-range-reversed',
      detail: 'The range is reversed',
      errors: [{ field: 'to', message: 'must not be before from' }],
    },
  })
  exports(@CurrentCaller() caller: Caller, @Query() query: ExportReportQueryDto): Promise<ExportReportDto> {
    return this.reports.report(caller, query);
  }
}
