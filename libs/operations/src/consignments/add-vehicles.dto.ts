import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_VEHICLES_PER_CONSIGNMENT, VehicleInputDto } from './consignment.dto.js';

/** Vehicles added to a consignment before departure: each as when booking it. */
export class AddVehiclesDto {
  @ApiProperty({
    type: [VehicleInputDto],
    minItems: 1,
    maxItems: MAX_VEHICLES_PER_CONSIGNMENT,
    description: 'Checked as when booking: valid and unique VINs (upper-cased), none booked already',
    example: [
      {
        vin: 'LGXCH4CD3S2107503',
        make: 'BYD',
        model: 'Song PLUS',
        powertrain: 'PHEV',
        declaredValue: { amount: '152000.00', currency: 'CNY' },
      },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VEHICLES_PER_CONSIGNMENT)
  @ValidateNested({ each: true })
  @Type(() => VehicleInputDto)
  vehicles: VehicleInputDto[];
}
