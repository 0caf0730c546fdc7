/**
 * Checks the bodies the sandbox accepts and returns against Xero's OpenAPI document (xero_accounting.yaml),
 * so the sandbox cannot drift from real Xero without a test failing. Operations are found by method and path
 * template; each request body and each documented response status is validated with ajv.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import YAML from 'yaml';
import { SHARED_DIR } from '../../testing/paths.js';
import { REQUEST_SCHEMA_ALTERNATIVES, applyAllowances } from './contractAllowances.js';
import { toJsonSchemaDefinitions, type Direction } from './openApiToJsonSchema.js';

export interface ContractViolation {
  operation: string;
  direction: Direction;
  method: string;
  path: string;
  status?: number;
  /** JSON Pointer into the body, e.g. `/Contacts/3/Name`. */
  jsonPath: string;
  message: string;
}

interface OperationContract {
  operationId: string;
  method: string;
  template: string;
  matcher: RegExp;
  literalSegments: number;
  requestSchema?: string;
  responseSchemas: Record<number, string>;
}

export const XERO_ACCOUNTING_YAML = path.join(SHARED_DIR, 'xero/xero_accounting.yaml');

type OpenApiDoc = {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, unknown> };
};

const refName = (node: unknown): string | undefined => {
  const ref = (node as { $ref?: unknown } | undefined)?.$ref;
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
};

const jsonSchemaOf = (content: unknown): string | undefined =>
  refName((content as { ['application/json']?: { schema?: unknown } } | undefined)?.['application/json']?.schema);

// ajv-formats ships CommonJS with a default export; under NodeNext the callable sits on `.default` at run time.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;

export class ContractValidator {
  private readonly operations: OperationContract[] = [];
  private readonly ajv: Record<Direction, Ajv>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: OpenApiDoc) {
    const componentResponses = doc.components.responses ?? {};
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (typeof op !== 'object' || op === null || op.operationId === undefined) continue;
        const responseSchemas: Record<number, string> = {};
        for (const [code, response] of Object.entries(op.responses ?? {})) {
          const resolved = refName(response) !== undefined ? componentResponses[refName(response) as string] : response;
          const schema = jsonSchemaOf((resolved as { content?: unknown } | undefined)?.content);
          if (schema !== undefined && /^\d+$/.test(code)) responseSchemas[Number(code)] = schema;
        }
        const segments = template.split('/').filter(Boolean);
        const requestSchema = jsonSchemaOf((op.requestBody as { content?: unknown } | undefined)?.content);
        this.operations.push({
          operationId: op.operationId,
          method: method.toUpperCase(),
          template,
          matcher: new RegExp(`^/${segments.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.]/g, '\\.'))).join('/')}/?$`, 'i'),
          literalSegments: segments.filter((s) => !s.startsWith('{')).length,
          ...(requestSchema !== undefined ? { requestSchema } : {}),
          responseSchemas,
        });
      }
    }
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
    const build = (direction: Direction): Ajv => {
      const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
      addFormats(ajv);
      const definitions = toJsonSchemaDefinitions(doc.components.schemas, direction);
      applyAllowances(definitions, direction);
      ajv.addSchema({ $id: `xero-${direction}`, definitions });
      return ajv;
    };
    this.ajv = { request: build('request'), response: build('response') };
  }

  private static cached: ContractValidator | undefined;

  /** The validator for the shared xero_accounting.yaml, parsed once per process (~25k lines). */
  static shared(): ContractValidator {
    ContractValidator.cached ??= ContractValidator.fromFile(XERO_ACCOUNTING_YAML);
    return ContractValidator.cached;
  }

  static fromFile(file: string): ContractValidator {
    return new ContractValidator(parseOpenApi(file));
  }

  /** The documented operation for a method and a path below `/api.xro/2.0`, e.g. `PUT /Contacts`. */
  operationFor(method: string, apiPath: string): OperationContract | undefined {
    return this.operations.find((o) => o.method === method.toUpperCase() && o.matcher.test(apiPath));
  }

  checkRequest(method: string, apiPath: string, body: unknown): ContractViolation[] {
    const op = this.operationFor(method, apiPath);
    if (op === undefined) return [this.undocumented('request', method, apiPath)];
    if (op.requestSchema === undefined) return [];
    const schemas = REQUEST_SCHEMA_ALTERNATIVES[op.operationId] ?? [op.requestSchema];
    let first: ContractViolation[] = [];
    for (const [i, schema] of schemas.entries()) {
      const violations = this.run('request', op, schema, method, apiPath, body);
      if (violations.length === 0) return [];
      if (i === 0) first = violations;
    }
    return first;
  }

  /** Validates a JSON response; statuses the document does not describe (401, 403, 404, 429, 5xx) are not checked. */
  checkResponse(method: string, apiPath: string, status: number, body: unknown): ContractViolation[] {
    const op = this.operationFor(method, apiPath);
    if (op === undefined) return [this.undocumented('response', method, apiPath, status)];
    const schema = op.responseSchemas[status];
    if (schema === undefined) {
      return status >= 200 && status < 300 && status !== 204
        ? [{ operation: op.operationId, direction: 'response', method, path: apiPath, status, jsonPath: '', message: `status ${status} is not documented` }]
        : [];
    }
    return this.run('response', op, schema, method, apiPath, body, status);
  }

  private validator(direction: Direction, schema: string): ValidateFunction {
    const key = `${direction}:${schema}`;
    let fn = this.compiled.get(key);
    if (fn === undefined) {
      fn = this.ajv[direction].getSchema(`xero-${direction}#/definitions/${schema}`);
      if (fn === undefined) throw new Error(`Schema ${schema} is missing from xero_accounting.yaml`);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private run(direction: Direction, op: OperationContract, schema: string, method: string, apiPath: string, body: unknown, status?: number): ContractViolation[] {
    const validate = this.validator(direction, schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({
      operation: op.operationId,
      direction,
      method,
      path: apiPath,
      ...(status !== undefined ? { status } : {}),
      jsonPath: e.instancePath,
      message: describe(e, schema),
    }));
  }

  private undocumented(direction: Direction, method: string, apiPath: string, status?: number): ContractViolation {
    return { operation: '(none)', direction, method, path: apiPath, ...(status !== undefined ? { status } : {}), jsonPath: '', message: `${method} ${apiPath} is not an operation of xero_accounting.yaml` };
  }
}

/**
 * Parses the 25k-line yaml once per machine: the parsed document is cached as JSON in the temp folder under the
 * yaml's content hash (YAML parsing takes ~2 s, JSON ~20 ms, and every test worker needs it).
 */
function parseOpenApi(file: string): OpenApiDoc {
  const text = readFileSync(file, 'utf8');
  const cache = path.join(tmpdir(), `xtiger-openapi-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as OpenApiDoc;
  } catch {
    const doc = YAML.parse(text) as OpenApiDoc;
    try {
      const partial = `${cache}.${process.pid}`;
      writeFileSync(partial, JSON.stringify(doc));
      renameSync(partial, cache);
    } catch {
      // A read-only temp folder only costs the parse next time.
    }
    return doc;
  }
}

function describe(e: ErrorObject, schema: string): string {
  const where = e.instancePath === '' ? schema : e.instancePath;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') return `${where} has a field the contract does not name: ${String(params['additionalProperty'])}`;
  if (e.keyword === 'enum') return `${where} ${e.message ?? ''}: ${JSON.stringify(params['allowedValues']).slice(0, 200)}`;
  return `${where} ${e.message ?? 'is invalid'}`;
}
