import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { docLinks, SCHEMA_BASE, type Operation } from '../contracts/index.ts';
import { contractSources, httpStatusesFor } from '../contracts/description.ts';
import { componentName, isSchemaObject } from './component-schemas.ts';
import { openApiDocument } from './openapi.ts';

type Json = Record<string, unknown>;
const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

const sources = contractSources();
const document = openApiDocument();
const paths = document['paths'] as Record<string, Record<string, Json>>;
const components = (document['components'] as { schemas: Record<string, Json> }).schemas;
const operationOf = (op: Operation): Json => {
  const found = paths[op.path]?.[op.method.toLowerCase()];
  if (found === undefined) throw new Error(`${op.method} ${op.path} is not in the document`);
  return found;
};
const responsesOf = (op: Operation): Record<string, Json> => operationOf(op)['responses'] as Record<string, Json>;
const mediaOf = (node: Json): Json => (node['content'] as Record<string, Json>)['application/json'] ?? {};

/** Every `$ref` under `node`. */
function refs(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refs);
  if (!isSchemaObject(node)) return [];
  return Object.entries(node).flatMap(([key, value]) => (key === '$ref' && typeof value === 'string' ? [value] : refs(value)));
}

function resolvePointer(ref: string): unknown {
  let node: unknown = document;
  for (const token of ref.slice(2).split('/')) node = isSchemaObject(node) ? node[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return node;
}

describe('openApiDocument', () => {
  test('every catalog operation is there, at its path and method, with its request and response schemas', () => {
    expect(document['openapi']).toBe('3.1.0');
    for (const op of sources.catalog) {
      const described = operationOf(op);
      expect(described['operationId']).toBe(op.id);
      expect(refs(responsesOf(op)), op.id).toContain(`#/components/schemas/${componentName(op.responseSchema)}`);
      expect(components[componentName(op.responseSchema)], op.id).toBeDefined();
      if (op.requestSchema === undefined) {
        expect(described['requestBody'], op.id).toBeUndefined();
        continue;
      }
      const body = described['requestBody'] as Json;
      expect(body['required']).toBe(true);
      const requestRefs = refs(mediaOf(body)['schema']).flatMap((ref) => [ref, ...refs(resolvePointer(ref))]);
      expect(requestRefs, op.id).toContain(`#/components/schemas/${componentName(op.requestSchema)}`);
    }
    const described = Object.values(paths).flatMap((methods) => Object.values(methods).map((o) => o['operationId']));
    expect(described).toHaveLength(sources.catalog.length);
  });

  test('each statusCode an operation documents has a response at the HTTP status that comes with it', () => {
    for (const op of sources.catalog) {
      const responses = responsesOf(op);
      for (const code of op.statusCodes) {
        const statuses = httpStatusesFor(code)?.map(String) ?? ['default'];
        for (const status of statuses) {
          expect(responses[status]?.['x-gwscheck-statusCodes'], `${op.id} statusCode ${code} at ${status}`).toContain(code);
        }
      }
      // Every response carries an example of each of its statusCodes, valid for the operation's schema.
      for (const [status, response] of Object.entries(responses)) {
        const examples = mediaOf(response)['examples'] as Record<string, { value: unknown }>;
        for (const code of response['x-gwscheck-statusCodes'] as number[]) {
          const example = examples[`statusCode${code}`]?.value;
          expect(example, `${op.id} ${status} statusCode ${code}`).toMatchObject({ statusCode: code });
          expect(sources.validate(op.responseSchema, example)).toEqual([]);
        }
      }
    }
  });

  test('security: Basic and the JSESSIONID cookie, none for an operation that needs no credentials', () => {
    const schemes = (document['components'] as { securitySchemes: Record<string, Json> }).securitySchemes;
    expect(schemes['basicAuth']).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(schemes['sessionCookie']).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'JSESSIONID' });
    for (const op of sources.catalog) {
      expect(operationOf(op)['security'], op.id).toEqual(op.identity === 'none' ? [] : [{ basicAuth: [] }, { sessionCookie: [] }]);
    }
  });

  test('every operationName of a POST is a variant of its request, with a discriminator and an example', () => {
    for (const op of sources.catalog.filter((o) => o.requestSchema !== undefined)) {
      const file = sources.schemas.get(op.requestSchema ?? '') ?? {};
      const property = (file['properties'] as Record<string, Json>)['operationName'] ?? {};
      const names = (property['enum'] as string[] | undefined) ?? [String(property['const'])];
      const media = mediaOf(operationOf(op)['requestBody'] as Json);
      const schema = media['schema'] as Json;
      if (names.length > 1) {
        const discriminator = schema['discriminator'] as { propertyName: string; mapping: Record<string, string> };
        expect(discriminator.propertyName).toBe('operationName');
        expect(Object.keys(discriminator.mapping)).toEqual(names);
        for (const [name, ref] of Object.entries(discriminator.mapping)) {
          expect(resolvePointer(ref), `${op.id} ${name}`).toMatchObject({ properties: { operationName: { const: name } } });
        }
      }
      const examples = media['examples'] as Record<string, { value: Json }>;
      expect(Object.keys(examples), op.id).toEqual(names);
      for (const [name, example] of Object.entries(examples)) {
        expect(example.value['operationName']).toBe(name);
        expect(sources.validate(op.requestSchema ?? '', example.value), `${op.id} ${name}`).toEqual([]);
      }
      const catalogExample = op.example.body as { operationName?: string } | undefined;
      if (catalogExample?.operationName !== undefined) expect(examples[catalogExample.operationName]?.value).toEqual(catalogExample);
    }
  });

  test('the variants require what the request schema requires of each operationName (SendDtmf: digits)', () => {
    expect(components['operations.post-me-calls-id.request.SendDtmf']?.['required']).toEqual(['operationName', 'digits']);
    expect(components['operations.post-me-calls-id.request.Hold']?.['required']).toEqual(['operationName']);
  });

  test('tags by resource, each listed; the documentation page of each operation as externalDocs', () => {
    const tags = (document['tags'] as { name: string; description: string }[]).map((t) => t.name);
    expect(tags).toEqual(expect.arrayContaining(['me', 'devices', 'users', 'skills', 'calls', 'channels']));
    expect((operationOf(sources.catalog.find((o) => o.id === 'get-skills-id') as Operation)['tags'] as string[])).toEqual(['skills']);
    expect((operationOf(sources.catalog.find((o) => o.id === 'post-me-channels-voice') as Operation)['tags'] as string[])).toEqual(['channels']);
    for (const op of sources.catalog) {
      const described = operationOf(op);
      for (const tag of described['tags'] as string[]) expect(tags).toContain(tag);
      const [page] = docLinks(op.summary);
      expect((described['externalDocs'] as { url: string } | undefined)?.url, op.id).toBe(page?.url);
    }
  });

  test('components: the schema files with their $ids made local $refs, the annotation keywords kept', () => {
    const text = JSON.stringify(components);
    expect(text).not.toContain('"$id"');
    expect(text).not.toContain(SCHEMA_BASE);
    for (const ref of refs(document)) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(resolvePointer(ref), ref).toBeDefined();
    }
    expect(components['common.error']).toMatchObject({ 'x-exact': true, additionalProperties: false });
    expect(components['common.user']?.['x-resource']).toBe('user');
    expect(text).toContain('"x-open-enum":true');
    expect(text).toContain('"x-envelope-rule"');
  });

  test('an operation that takes a field list also answers resources with only the attributes asked for', () => {
    const users = sources.catalog.find((o) => o.id === 'get-users') as Operation;
    const schema = mediaOf(responsesOf(users)['200'] ?? {})['schema'] as Json;
    expect(refs(schema)).toContain('#/components/schemas/operations.get-users.response.fields');
    expect(components['common.user.fields']?.['required']).toBeUndefined();
    expect(components['common.user']?.['required']).toContain('firstName');
  });

  test('the server is the simulator\'s API root unless named; example URIs start with it', () => {
    expect(document['servers']).toEqual([expect.objectContaining({ url: 'http://localhost:8090/api/v2' })]);
    const other = openApiDocument({ serverUrl: 'https://gws.example.com/api/v2' });
    expect(other['servers']).toEqual([expect.objectContaining({ url: 'https://gws.example.com/api/v2' })]);
    expect(JSON.stringify(other['paths'])).toContain('"uri":"https://gws.example.com/api/v2/users/');
  });
});

describe('openApiDocument of another schemas directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-openapi-schemas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a changed schema file changes the document: nothing is a stale copy', () => {
    cpSync(SCHEMAS_DIR, dir, { recursive: true });
    const skillFile = join(dir, 'common', 'skill.json');
    const skill = JSON.parse(readFileSync(skillFile, 'utf8')) as { properties: Json; required: string[] };
    skill.properties['priority'] = { type: 'integer', minimum: 1 };
    skill.required.push('priority');
    writeFileSync(skillFile, JSON.stringify(skill));
    const chatFile = join(dir, 'operations', 'post-me-channels-chat.request.json');
    const chat = JSON.parse(readFileSync(chatFile, 'utf8')) as { properties: { operationName: { enum: string[] } } };
    chat.properties.operationName.enum.push('OutToLunch');
    writeFileSync(chatFile, JSON.stringify(chat));

    const changed = openApiDocument({ schemasDir: dir });
    const changedSchemas = (changed['components'] as { schemas: Record<string, Json> }).schemas;
    expect(changedSchemas['common.skill']?.['properties']).toHaveProperty('priority');
    expect(components['common.skill']?.['properties']).not.toHaveProperty('priority');
    expect(changedSchemas['operations.post-me-channels-chat.request.OutToLunch']).toBeDefined();
    expect(components['operations.post-me-channels-chat.request.OutToLunch']).toBeUndefined();
    // The examples follow the schema too: a skill now has its priority.
    expect(JSON.stringify((changed['paths'] as Record<string, Json>)['/skills/{id}'])).toContain('"priority":1');
  });
});
