import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { toFieldErrors } from './field-errors.js';

class Item {
  @IsString() name!: string;
}
class Order {
  @IsInt() count!: number;
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}

describe('toFieldErrors', () => {
  it('names nested array fields with the JSON path a client sent', async () => {
    const order = plainToInstance(Order, { count: 'three', items: [{ name: 'a' }, { name: 7 }] });
    const errors = toFieldErrors(await validate(order));
    expect(errors).toEqual([
      { field: 'count', message: 'must be an integer number' },
      { field: 'items[1].name', message: 'must be a string' },
    ]);
  });

  it('says an unknown property is not known', async () => {
    const order = plainToInstance(Order, { count: 1, items: [], colour: 'red' });
    const errors = toFieldErrors(await validate(order, { whitelist: true, forbidNonWhitelisted: true }));
    expect(errors).toEqual([{ field: 'colour', message: 'is not a known property' }]);
  });
});
