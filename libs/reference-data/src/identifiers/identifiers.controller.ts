import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ANY_ROLE, Roles } from '@landbridge/common';
import { validateIdentifiers } from './identifier-check.js';
import { IdentifierValidationDto, ValidateIdentifiersQueryDto } from './identifier-validation.dto.js';

/**
 * Checks identifiers the way the service checks them on input, so that a person or a system can find a
 * mistyped VIN, container or wagon number (and the check digit it lacks) before a booking or a loading.
 * It reads no data, so it needs no tenant scope; it still needs a signed-in caller, like every route.
 */
@ApiTags('reference data')
@Controller('identifiers')
export class IdentifiersController {
  @Get('validate')
  @Roles(...ANY_ROLE)
  @ApiOperation({
    summary: 'Check a VIN, a container number or a wagon number',
    description:
      'Checks each identifier given (`vin`, `container`, `wagon`; at least one) as the service checks it in ' +
      'bookings and loadings: upper-cased, then its format and check digit. The answer says, for each, whether ' +
      'it is valid, why not, and the check digit the rest of it calls for. Send a container number without its ' +
      'last character, or a wagon number without its last digit, to learn the check digit to append.',
  })
  @ApiOkResponse({
    type: IdentifierValidationDto,
    description: 'Each identifier given, checked; 200 even when invalid',
  })
  @ApiUnprocessableEntityResponse({
    description: 'No identifier given, a parameter given twice or longer than 64 characters, or an unknown parameter',
  })
  validate(@Query() query: ValidateIdentifiersQueryDto): IdentifierValidationDto {
    return validateIdentifiers(query);
  }
}
