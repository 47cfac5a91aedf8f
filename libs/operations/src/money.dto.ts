import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsString, Matches } from 'class-validator';

/** `{ amount: "1250000.00", currency: "CNY" }`: amounts are decimal strings, never floats. */
export class MoneyDto {
  @ApiProperty({ example: '152000.00', description: 'Decimal string, up to 12 digits and 2 decimals' })
  @IsString()
  @Matches(/^\d{1,12}(\.\d{1,2})?$/, { message: 'must be a decimal string such as "1250000.00"' })
  amount: string;

  @ApiProperty({ example: 'CNY', description: 'ISO 4217' })
  @IsISO4217CurrencyCode({ message: 'must be an ISO 4217 currency code such as CNY' })
  currency: string;
}
