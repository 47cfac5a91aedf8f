import fc from 'fast-check';
import { hostileJson, PROTOTYPE_KEYS, toJsonText, withOwnKey } from './hostile-values.js';

/** The part of JSON Schema (as OpenAPI 3.1 documents use it) that the generators read. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  example?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface SchemaArbitraryOptions {
  /** The schema a `$ref` (such as `#/components/schemas/TrainDto`) names. */
  resolve(ref: string): JsonSchema;
  /** Plausible values for a property or parameter of this name (real ids, valid VINs …), if any are known. */
  hint(name: string): fc.Arbitrary<unknown> | undefined;
}

/** Longest arrays the valid generator makes: enough to exercise lists, short enough to stay fast. */
const MAX_VALID_ITEMS = 4;
const MAX_DEPTH = 8;

/** `vehicles` → `vehicle`, `vins` → `vin`: the hint name of an array's items. */
const singular = (name: string | undefined) => name?.replace(/s$/, '');

/** A string of the same shape as `example`: digits stay digits, capitals capitals, the rest as is. */
export function shapedLike(example: string): fc.Arbitrary<string> {
  const chars = [...example].map((char) =>
    /[0-9]/.test(char)
      ? fc.constantFrom(...'0123456789')
      : /[A-Z]/.test(char)
        ? fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
        : /[a-z]/.test(char)
          ? fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz')
          : fc.constant(char),
  );
  return fc.tuple(...chars).map((parts) => parts.join(''));
}

/**
 * Values that conform to `schema` (types, enums, required properties, lengths and bounds), preferring the
 * hinted values for a property's name so that requests reach the logic behind validation.
 */
export function validValue(
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
  name?: string,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (schema.$ref) return validValue(options.resolve(schema.$ref), options, name, depth);
  if (depth > MAX_DEPTH) return fc.constant(null);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((alternative) => validValue(alternative, options, name, depth)));
  if (schema.allOf)
    return validValue(Object.assign({}, ...schema.allOf.map(flatten(options))) as JsonSchema, options, name, depth);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => validValue({ ...schema, type }, options, name, depth)));
  }
  const hint =
    name === undefined || schema.type === 'object' || schema.type === 'array' ? undefined : options.hint(name);
  return hint ?? typed(schema, options, name, depth);
}

const flatten =
  (options: SchemaArbitraryOptions) =>
  (schema: JsonSchema): JsonSchema =>
    schema.$ref ? options.resolve(schema.$ref) : schema;

function typed(schema: JsonSchema, options: SchemaArbitraryOptions, name: string | undefined, depth: number) {
  switch (schema.type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return validString(schema, options);
    case 'number':
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? Math.max(min, 0) + 100_000;
      const integer = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
      if (schema.type === 'integer') return integer;
      const double = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      return fc.oneof({ weight: 3, arbitrary: integer }, { weight: 1, arbitrary: double });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ?? {};
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? MAX_VALID_ITEMS, MAX_VALID_ITEMS));
      return fc.array(validValue(items, options, singular(name), depth + 1), { minLength, maxLength });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(properties).map(([key, property]) => [key, validValue(property, options, key, depth + 1)]),
      );
      const required = (schema.required ?? []).filter((key) => key in properties);
      return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, minLength + 40));
  const any = fc.string({ minLength, maxLength });
  if (schema.format === 'uuid') {
    const known = options.hint('uuid') as fc.Arbitrary<string> | undefined;
    return known ? fc.oneof(known, fc.uuid()) : fc.uuid();
  }
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (typeof schema.example === 'string') {
    return fc.oneof(
      { weight: 2, arbitrary: fc.constant(schema.example) },
      { weight: 3, arbitrary: shapedLike(schema.example) },
      { weight: 1, arbitrary: any },
    );
  }
  return any;
}

/** A JSON path in a value: keys of objects and indexes of arrays from the root. */
type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], into: Path[] = []): Path[] {
  into.push(path);
  if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => pathsOf(item, [...path, i], into));
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...path, key], into);
  }
  return into;
}

function at(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** A copy of `root` where the node at `path` is replaced by what `change` makes of it (undefined: removed). */
function replaced(root: unknown, path: Path, change: (node: unknown) => unknown): unknown {
  if (path.length === 0) return change(root);
  const [key, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    const next = replaced(root[key as number], rest, change);
    if (next === undefined && rest.length === 0) copy.splice(key as number, 1);
    else copy[key as number] = next;
    return copy;
  }
  const object = root as Record<string, unknown>;
  const copy = withOwnKey(object, String(key), replaced(object[key as string], rest, change));
  if (copy[key as string] === undefined) delete copy[key as string];
  return copy;
}

type Mutation = (node: unknown) => fc.Arbitrary<unknown>;

const isObject = (node: unknown): node is Record<string, unknown> =>
  node !== null && typeof node === 'object' && !Array.isArray(node);

/** What one mutation does to the node it lands on. */
const mutations: { weight: number; mutate: Mutation }[] = [
  { weight: 6, mutate: () => hostileJson },
  { weight: 2, mutate: () => fc.constant(undefined) },
  {
    weight: 3,
    mutate: (node) =>
      isObject(node)
        ? fc
            .tuple(
              fc.constantFrom<string>(...PROTOTYPE_KEYS, 'unexpected', 'id', 'version', 'role', 'exporterId'),
              fc.constantFrom<unknown>({ polluted: true }, 'x', null, 1, { prototype: { polluted: true } }, []),
            )
            .map(([key, value]) => withOwnKey(node, key, value))
        : hostileJson,
  },
  {
    weight: 1,
    mutate: (node) => {
      const small = toJsonText(node).length < 2000;
      return fc.constantFrom<unknown>(
        [node],
        toJsonText(node),
        small ? Array<unknown>(600).fill(node) : [node, node],
        typeof node === 'string' && small ? node.repeat(Math.ceil(100_000 / Math.max(node.length, 1))) : node,
        typeof node === 'string' ? `${node}\u0000` : toJsonText(node),
      );
    },
  },
];

/**
 * A value of `schema` with one to three hostile changes at random places: a field replaced by a hostile
 * value, removed, wrapped, repeated 600 times, or an object given a prototype-named or unknown key.
 */
export function mutatedValue(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  const once = (value: unknown): fc.Arbitrary<unknown> => {
    const paths = pathsOf(value);
    return fc
      .tuple(
        fc.constantFrom(...paths),
        fc.oneof(...mutations.map(({ weight, mutate }) => ({ weight, arbitrary: fc.constant(mutate) }))),
      )
      .chain(([path, mutate]) => mutate(at(value, path)).map((next) => replaced(value, path, () => next)));
  };
  return validValue(schema, options).chain((value) =>
    fc
      .integer({ min: 1, max: 3 })
      .chain((times) =>
        Array.from({ length: times - 1 }).reduce<fc.Arbitrary<unknown>>(
          (arbitrary) => arbitrary.chain(once),
          once(value),
        ),
      ),
  );
}
