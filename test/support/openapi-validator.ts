import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
interface OpenApiDocument {
  components: { schemas: Record<string, Schema> };
}

/**
 * The served OpenAPI document's component schemas as JSON Schema validators, made strict so that a
 * document and its declared schema cannot drift apart unnoticed: every declared property is required
 * unless the schema lists which are, no undeclared property is allowed, and `nullable` (as
 * @nestjs/swagger writes it) becomes `null` in the type.
 */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    addFormats.default(this.ajv);
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      this.ajv.addSchema(strict(schema) as Schema, `#/components/schemas/${name}`);
    }
  }

  /** The problems of `value` against the component schema `name` (empty when it conforms). */
  problems(name: string, value: unknown): string[] {
    let validate = this.compiled.get(name);
    if (!validate) {
      validate = this.ajv.getSchema(`#/components/schemas/${name}`);
      if (!validate) throw new Error(`the OpenAPI document has no schema ${name}`);
      this.compiled.set(name, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  }
}

function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Schema;
  const result: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    result[key] = key === '$ref' ? value : strict(value);
  }
  if (result.properties && typeof result.properties === 'object') {
    result.additionalProperties ??= false;
  }
  if (source.nullable === true) {
    if (typeof result.type === 'string') {
      result.type = [result.type, 'null'];
      if (Array.isArray(result.enum)) result.enum = [...(result.enum as unknown[]), null];
    } else {
      const { description: _description, ...rest } = result;
      return { anyOf: [rest, { type: 'null' }] };
    }
  }
  return result;
}
