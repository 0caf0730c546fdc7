/**
 * Turns the OpenAPI 3.0 component schemas of xero_accounting.yaml into JSON Schema (draft-07) definitions for
 * ajv, once per direction:
 * - both: `$ref`s point at `#/definitions`, documentation keys (description, example, x-…) go, `nullable`
 *   becomes a `null` type, and objects reject properties the contract does not name (Xero silently ignores
 *   unknown fields, so a misspelt field is a bug the contract check should catch);
 * - both: `maxLength` and `required` go, because Xero answers those with per-element ValidationErrors —
 *   behaviour the sandbox simulates, not a malformed request — and echoes the offending element back as sent;
 * - response: fields marked `x-is-msdate` / `x-is-msdate-time` must be `/Date(…)/` strings, as Xero sends them.
 * The known differences between the yaml (16.1.0) and xero-node 20 (generated from a newer document) are added
 * in `contractAllowances.ts`.
 */
export type Direction = 'request' | 'response';
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DOC_KEYS = new Set(['description', 'example', 'examples', 'externalDocs', 'default', 'xml', 'deprecated', 'discriminator']);
export const MS_DATE_PATTERN = '^/Date\\(-?\\d+([+-]\\d{4})?\\)/$';

function convert(node: Json, direction: Direction): Json {
  if (Array.isArray(node)) return node.map((n) => convert(n, direction));
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYS.has(key) || key.startsWith('x-') || key === 'nullable') continue;
    if (key === 'maxLength' || key === 'required') continue;
    if (key === '$ref' && typeof value === 'string') {
      out[key] = value.replace('#/components/schemas/', '#/definitions/');
      continue;
    }
    // Property maps hold names, not keywords: convert each schema but keep every name (even "description").
    if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, convert(schema, direction)]));
      continue;
    }
    out[key] = convert(value, direction);
  }
  if (node['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  if (direction === 'response' && (node['x-is-msdate'] === true || node['x-is-msdate-time'] === true)) out['pattern'] = MS_DATE_PATTERN;
  if (out['properties'] !== undefined && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

export function toJsonSchemaDefinitions(componentSchemas: Record<string, unknown>, direction: Direction): Record<string, Json> {
  const defs: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(componentSchemas)) defs[name] = convert(schema as Json, direction);
  return defs;
}
