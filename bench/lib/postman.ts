import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One request of the comparison, with the checks both tools make on its answer. */
export interface CheckedRequest {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** HTTP statuses the answer may have. */
  readonly httpStatuses: readonly number[];
  /** GWS envelope statusCodes the answer may carry. */
  readonly statusCodes: readonly number[];
  /** Self-contained draft-07 schema (see `bundleForPostman`). */
  readonly schema: object;
  readonly latencyBudgetMs: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

function stripSchemaKeyword(value: Json): Json {
  if (Array.isArray(value)) return value.map(stripSchemaKeyword);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(value)) {
    if (key !== '$schema') out[key] = stripSchemaKeyword(child);
  }
  return out;
}

function refsOf(value: Json, base: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const child of value) refsOf(child, base, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && !child.startsWith('#')) {
      into.add(new URL(child, base).href.replace(/#.*$/, ''));
    } else {
      refsOf(child, base, into);
    }
  }
}

/** Every schema file under `dir`, by `$id`. */
export function readSchemaDir(dir: string): Map<string, Json> {
  const byId = new Map<string, Json>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) {
        const schema = JSON.parse(readFileSync(path, 'utf8')) as Json;
        const id = typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? schema['$id'] : undefined;
        if (typeof id !== 'string') throw new Error(`schema ${relative(dir, path)} has no $id`);
        byId.set(id, schema);
      }
    }
  };
  walk(dir);
  return byId;
}

/**
 * Postman's sandbox validates with ajv 6 (draft-07). The project's schemas are 2020-12 files that
 * reference each other by relative `$id`; they use only keywords draft-07 knows, so bundling them
 * as embedded resources in one draft-07 document keeps their meaning. `$ref` beside other
 * keywords is applied in 2020-12 but ignored by draft-07, hence `extendRefs: true` where the
 * collection calls the validator.
 */
export function bundleForPostman(rootId: string, byId: ReadonlyMap<string, Json>): object {
  const needed = new Set<string>([rootId]);
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.pop() ?? '';
    const schema = byId.get(id);
    if (schema === undefined) throw new Error(`schema ${id} is referenced but no file has that $id`);
    const refs = new Set<string>();
    refsOf(schema, id, refs);
    for (const ref of refs) {
      if (!needed.has(ref)) {
        needed.add(ref);
        queue.push(ref);
      }
    }
  }
  const definitions: { [key: string]: Json } = {};
  let index = 0;
  for (const id of needed) definitions[`s${index++}`] = stripSchemaKeyword(byId.get(id) ?? null);
  return { $schema: DRAFT_07, $id: `${rootId}#bundle`, allOf: [{ $ref: rootId }], definitions };
}

/** The test script of one request: the checks gwscheck's judge() makes, in Postman's own idiom. */
function testScript(request: CheckedRequest): string[] {
  return [
    `const httpStatuses = ${JSON.stringify(request.httpStatuses)};`,
    `const statusCodes = ${JSON.stringify(request.statusCodes)};`,
    `const schema = ${JSON.stringify(request.schema)};`,
    "pm.test('HTTP status', function () { pm.expect(httpStatuses).to.include(pm.response.code); });",
    "pm.test('Content-Type is application/json', function () { pm.expect(pm.response.headers.get('Content-Type') || '').to.match(/^application\\/json/); });",
    'const body = pm.response.json();',
    "pm.test('envelope', function () {",
    "  pm.expect(body).to.be.an('object');",
    "  pm.expect(Number.isInteger(body.statusCode) && body.statusCode >= 0 && body.statusCode <= 20, 'statusCode is an integer 0-20').to.be.true;",
    "  if (body.statusCode === 0) pm.expect(body).to.not.have.property('statusMessage');",
    "  else if (body.statusCode !== 7) { pm.expect(Object.keys(body).sort()).to.eql(['statusCode', 'statusMessage']); pm.expect(body.statusMessage).to.be.a('string').that.is.not.empty; }",
    '});',
    "pm.test('statusCode allowed', function () { pm.expect(statusCodes).to.include(body.statusCode); });",
    "pm.test('JSON Schema', function () { pm.response.to.have.jsonSchema(schema, { extendRefs: true }); });",
    `pm.test('latency budget', function () { pm.expect(pm.response.responseTime).to.be.at.most(${request.latencyBudgetMs}); });`,
  ];
}

/** A Postman v2.1 collection that newman runs as it is. */
export function buildCollection(name: string, requests: readonly CheckedRequest[]): object {
  return {
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    item: requests.map((request) => ({
      name: request.name,
      request: {
        method: request.method,
        header: Object.entries(request.headers).map(([key, value]) => ({ key, value })),
        url: request.url,
        ...(request.body === undefined ? {} : { body: { mode: 'raw', raw: JSON.stringify(request.body), options: { raw: { language: 'json' } } } }),
      },
      event: [{ listen: 'test', script: { type: 'text/javascript', exec: testScript(request) } }],
    })),
  };
}
