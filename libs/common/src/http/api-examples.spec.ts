import { isValidContainerNumber } from '../identifiers/container-number.js';
import { isValidVin } from '../identifiers/vin.js';
import { isValidUicWagonNumber } from '../identifiers/wagon-number.js';
import { EXAMPLE } from './api-examples.js';

describe('the examples of the OpenAPI document', () => {
  it('carry identifiers with valid check digits, so a client may send them as they are', () => {
    expect(isValidVin(EXAMPLE.vin)).toBe(true);
    expect(isValidContainerNumber(EXAMPLE.containerNumber)).toBe(true);
    expect(isValidUicWagonNumber(EXAMPLE.wagonNumber)).toBe(true);
  });

  it('use UUIDs for ids and UTC RFC 3339 times, as the service answers them', () => {
    for (const [name, value] of Object.entries(EXAMPLE)) {
      if (name.endsWith('Id'))
        expect(`${name} ${value}`).toMatch(/ [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (name.endsWith('At') || name === 'eta') expect(new Date(value).toISOString()).toBe(value);
    }
  });
});
