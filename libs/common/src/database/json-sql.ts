/**
 * SQL that builds compact JSON text (`{"id":"…","vins":[…]}`), keys in the order given, the way
 * `JSON.stringify` writes it. PostgreSQL's `json_build_object` writes `"id" : "…"` and `json_agg` puts a
 * line break between elements, and `jsonb` reorders keys; this writes what every other response looks
 * like, and is as cheap: one `to_json` per scalar, concatenated.
 *
 * A field is an SQL expression whose value `to_json` encodes (text, uuid, integer, boolean; a timestamp
 * as the text the caller formats), or `jsonSql(expression)` for an expression whose value is JSON text
 * already (a nested object or array built the same way). SQL NULL becomes `null` either way.
 */
export interface JsonSql {
  readonly jsonSql: string;
}

/**
 * An SQL expression: the timestamptz `column` as the contract writes times, RFC 3339 in UTC with
 * milliseconds (as `Date#toISOString`), for a JSON field; NULL stays NULL.
 */
export function isoUtcSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** An SQL expression whose value is JSON text already: embedded as it is. */
export function jsonSql(expression: string): JsonSql {
  return { jsonSql: expression };
}

type JsonField = string | JsonSql;

/** An SQL expression: the compact JSON text of an object with these fields, in this order. */
export function jsonObjectSql(fields: Readonly<Record<string, JsonField>>): string {
  const parts = Object.entries(fields).map(([key, field], index) => {
    const prefix = `${index === 0 ? '{' : ','}${JSON.stringify(key)}:`;
    const value = typeof field === 'string' ? `to_json(${field})::text` : field.jsonSql;
    return `${quoteLiteral(prefix)} || COALESCE(${value}, 'null')`;
  });
  return parts.length ? `(${parts.join(' || ')} || '}')` : `'{}'`;
}

/**
 * An SQL aggregate: the compact JSON text of an array of `element` (JSON text, e.g. from jsonObjectSql)
 * over the rows of the enclosing query, in `orderBy` order; `[]` when there are none.
 */
export function jsonArraySql(element: string, orderBy: string): string {
  return `('[' || COALESCE(string_agg(${element}, ',' ORDER BY ${orderBy}), '') || ']')`;
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
