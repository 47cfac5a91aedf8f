import SwaggerParser from '@apidevtools/swagger-parser';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the OpenAPI document', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('is public, valid OpenAPI 3.1 and lists the endpoints of the contract', async () => {
    const document = await api.as().openApi();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();

    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /metrics',
        'POST /api/v1/auth/token',
        'POST /api/v1/organizations',
        'POST /api/v1/users',
        'POST /api/v1/api-keys',
        'DELETE /api/v1/api-keys/{id}',
        'GET /api/v1/stations',
        'GET /api/v1/stations/{code}',
        'POST /api/v1/stations',
        'PUT /api/v1/stations/{code}',
        'GET /api/v1/routes',
        'GET /api/v1/routes/{code}',
        'POST /api/v1/routes',
      ]),
    );
  });

  it('serves Swagger UI at /docs', async () => {
    expect(await api.as().get<string>('/docs')).toContain('swagger-ui');
  });
});
