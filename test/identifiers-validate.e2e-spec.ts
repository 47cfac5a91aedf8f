import { type Actor, createActor } from './support/actors.js';
import type { ApiClient } from './support/api-client.js';
import { aConsignment, aVehicle } from './support/factories.js';
import { OpenApiValidator } from './support/openapi-validator.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface IdentifierCheck {
  value: string;
  valid: boolean;
  reason?: string;
  expectedCheckDigit?: string;
}
interface IdentifierValidation {
  valid: boolean;
  vin?: IdentifierCheck;
  container?: IdentifierCheck;
  wagon?: IdentifierCheck;
}

const validate = (client: ApiClient, query: string) =>
  client.get<IdentifierValidation>(`/api/v1/identifiers/validate${query}`);

describe('GET /identifiers/validate', () => {
  let api: TestApp;
  let exporter: Actor;
  let asExporter: ApiClient;
  let schemas: OpenApiValidator;

  beforeAll(async () => {
    api = await startTestApp();
    exporter = await createActor(api, 'exporter');
    asExporter = api.as(exporter);
    schemas = new OpenApiValidator(
      (await (await api.request('/api/v1/openapi.json')).json()) as ConstructorParameters<typeof OpenApiValidator>[0],
    );
  });
  afterAll(() => api.close());

  it('answers 401 problem+json to an anonymous caller', async () => {
    await validate(api.as(), '?vin=LZYJCGD4XR1000102').expectProblem(401);
  });

  it('answers every role and an API key alike: it reads no one’s data', async () => {
    const operator = await createActor(api, 'operator');
    const { key } = await asExporter.createApiKey({ name: 'ERP' });
    const query = '?vin=LZYJCGD4XR1000102';
    const expected = { valid: true, vin: { value: 'LZYJCGD4XR1000102', valid: true } };
    for (const client of [await api.asAdmin(), api.as(operator), asExporter, api.as(key)]) {
      expect(await validate(client, query)).toEqual(expected);
    }
  });

  it('checks a VIN, a container and a wagon number at once, saying what is wrong and which check digit fits', async () => {
    const answer = await validate(asExporter, '?vin=LZYJCGD41R1000102&container=TBJU2403166&wagon=31334566123');
    expect(answer).toEqual({
      valid: false,
      vin: {
        value: 'LZYJCGD41R1000102',
        valid: false,
        reason: 'check digit mismatch: expected X',
        expectedCheckDigit: 'X',
      },
      container: { value: 'TBJU2403166', valid: true },
      wagon: { value: '31334566123', valid: false, reason: 'check digit missing: expected 2', expectedCheckDigit: '2' },
    });
    expect(schemas.problems('IdentifierValidationDto', answer)).toEqual([]);
  });

  it('upper-cases identifiers as bookings and loadings do, and finds an 8-digit broad-gauge wagon valid', async () => {
    expect(await validate(asExporter, '?container=tbju2403166&wagon=54683529')).toEqual({
      valid: true,
      container: { value: 'TBJU2403166', valid: true },
      wagon: { value: '54683529', valid: true },
    });
  });

  it('says why a malformed identifier is not one, without a check digit to offer', async () => {
    const answer = await validate(asExporter, '?vin=LZYJCGD4XR100010O&container=CSQX3054383&wagon=');
    expect(answer).toEqual({
      valid: false,
      vin: { value: 'LZYJCGD4XR100010O', valid: false, reason: 'contains I, O or Q or a character outside ISO 3779' },
      container: { value: 'CSQX3054383', valid: false, reason: 'category letter must be U, J or Z' },
      wagon: { value: '', valid: false, reason: 'must be 12 digits (UIC) or 8 digits (1520 mm broad gauge)' },
    });
    expect(schemas.problems('IdentifierValidationDto', answer)).toEqual([]);
  });

  it('agrees with a booking: the VIN it finds invalid is refused there for the same reason, the fixed one accepted', async () => {
    const { vin } = await validate(asExporter, '?vin=LZYTBTE60R1000101');
    expect(vin).toEqual(expect.objectContaining({ valid: false, expectedCheckDigit: '2' }));
    const wrong = aConsignment(0, { vehicles: [aVehicle({ vin: 'LZYTBTE60R1000101' })] });
    const problem = await asExporter.bookConsignment(wrong).expectProblem(422);
    expect(problem.errors).toEqual([{ field: 'vehicles[0].vin', message: vin!.reason }]);
    const fixed = aConsignment(0, { vehicles: [aVehicle({ vin: 'LZYTBTE62R1000101' })] });
    await asExporter.bookConsignment(fixed);
  });

  it('answers 422 naming the fields when no identifier is given', async () => {
    const problem = await validate(asExporter, '').expectProblem(422);
    expect(problem.type).toBe('https://landbridge.dev/problems/no-identifier-given');
    expect(problem.errors?.map((error) => error.field)).toEqual(['vin', 'container', 'wagon']);
  });

  it.each([
    ['an unknown parameter', '?vin=LZYJCGD4XR1000102&vim=1', 'vim', 'is not a known property'],
    ['a parameter given twice', '?vin=LZYJCGD4XR1000102&vin=LZYJCGD4XR1000102', 'vin', 'must be a string'],
    [
      'a value over 64 characters',
      `?container=${'A'.repeat(65)}`,
      'container',
      'must be shorter than or equal to 64 characters',
    ],
  ])('answers 422 naming the field for %s', async (_, query, field, message) => {
    const problem = await validate(asExporter, query).expectProblem(422);
    expect(problem.errors).toContainEqual({ field, message });
    expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set([field]));
  });
});
