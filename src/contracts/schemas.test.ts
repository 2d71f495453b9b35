import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG, STANDALONE_SCHEMAS } from './catalog.ts';
import { loadContracts } from './load.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import { loadSchemaSet, referencedIds, type SchemaFile } from './schema-set.ts';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const temps: string[] = [];

function copyOfSchemas(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-schemas-'));
  temps.push(dir);
  cpSync(SCHEMAS_DIR, dir, { recursive: true });
  return dir;
}

function writeSchema(dir: string, file: string, schema: Record<string, unknown>): void {
  writeFileSync(join(dir, file), JSON.stringify({ $id: SCHEMA_BASE + file, ...schema }));
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Schema ids that neither the catalog, the standalone list nor another schema refers to. */
function unusedSchemaIds(files: readonly SchemaFile[], roots: readonly string[]): string[] {
  const used = new Set(roots);
  for (const f of files) for (const ref of referencedIds(f.schema, f.id)) if (ref !== f.id) used.add(ref);
  return files.map((f) => f.id).filter((id) => !used.has(id));
}

const catalogRoots = [
  ...CATALOG.flatMap((op) => [op.responseSchema, ...(op.requestSchema === undefined ? [] : [op.requestSchema])]),
  ...STANDALONE_SCHEMAS,
];

describe('schema files', () => {
  const set = loadSchemaSet(SCHEMAS_DIR);

  it('are all JSON Schema 2020-12 that the meta-schema accepts', () => {
    const meta = new Ajv2020({ strict: false });
    expect(set.files.length).toBeGreaterThan(20);
    for (const f of set.files) {
      expect(f.schema['$schema'], f.file).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(meta.validateSchema(f.schema), `${f.file}: ${JSON.stringify(meta.errors)}`).toBe(true);
    }
  });

  it('each has the $id of its path and a title', () => {
    for (const f of set.files) {
      expect(f.id).toBe(SCHEMA_BASE + f.file);
      expect(typeof f.schema['title'], f.file).toBe('string');
    }
  });

  it('every $ref resolves to a loaded schema', () => {
    const ids = new Set(set.files.map((f) => f.id));
    for (const f of set.files) {
      for (const ref of referencedIds(f.schema, f.id)) expect(ids.has(ref), `${f.file} → ${ref}`).toBe(true);
    }
  });

  it('every schema is used by the catalog or by another schema', () => {
    expect(unusedSchemaIds(set.files, catalogRoots)).toEqual([]);
  });

  it('the unused-schema check finds an orphan', () => {
    const orphan: SchemaFile = { id: `${SCHEMA_BASE}common/orphan.json`, file: 'common/orphan.json', schema: {} };
    expect(unusedSchemaIds([...set.files, orphan], catalogRoots)).toEqual([orphan.id]);
  });

  it('every catalog entry names schemas that exist', () => {
    for (const id of catalogRoots) expect(set.validator(id), id).toBeDefined();
  });

  it('every response schema builds on the shared envelope', () => {
    for (const op of CATALOG) {
      const file = set.files.find((f) => f.id === op.responseSchema);
      expect(file?.schema['$ref'], op.id).toBe('../common/envelope.json');
    }
  });
});

describe('loading fails with one line naming the file', () => {
  it('on an unresolved $ref', () => {
    const dir = copyOfSchemas();
    writeSchema(dir, 'common/broken.json', { type: 'object', properties: { a: { $ref: 'missing.json' } } });
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: can't resolve reference missing\.json/);
  });

  it('compiled on first use: loading passes, the first use of that schema fails with the same line', () => {
    const dir = copyOfSchemas();
    writeSchema(dir, 'common/broken.json', { type: 'object', properties: { a: { $ref: 'missing.json' } } });
    const set = loadSchemaSet(dir, { compile: 'on-first-use' });
    expect(set.has(`${SCHEMA_BASE}common/broken.json`)).toBe(true);
    expect(set.validator(`${SCHEMA_BASE}operations/get-me.response.json`)).toBeTypeOf('function');
    expect(() => set.validator(`${SCHEMA_BASE}common/broken.json`)).toThrow(/^schema common\/broken\.json: can't resolve reference missing\.json/);
    expect(set.validator(`${SCHEMA_BASE}common/no-such.json`)).toBeUndefined();
    writeSchema(dir, 'common/broken.json', { type: 'strnig' });
    expect(() => loadSchemaSet(dir, { compile: 'on-first-use' }).validator(`${SCHEMA_BASE}common/broken.json`)).toThrow(/^schema common\/broken\.json: .*type/);
  });

  it('on a schema the meta-schema rejects', () => {
    const dir = copyOfSchemas();
    writeSchema(dir, 'common/broken.json', { type: 'strnig' });
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: not a valid JSON Schema 2020-12/);
  });

  it('on a keyword strict mode does not know', () => {
    const dir = copyOfSchemas();
    writeSchema(dir, 'common/broken.json', { type: 'string', minLenght: 1 });
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: .*minLenght/);
  });

  it('on an open enum that is not a string enum, or an exact shape that is not closed', () => {
    const dir = copyOfSchemas();
    writeSchema(dir, 'common/broken.json', { type: 'integer', enum: [1, 2], 'x-open-enum': true });
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: .*x-open-enum/);
    writeSchema(dir, 'common/broken.json', { type: 'object', 'x-exact': true });
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: .*x-exact/);
  });

  it('on bad JSON and on an $id that does not match the path', () => {
    const dir = copyOfSchemas();
    writeFileSync(join(dir, 'common/broken.json'), '{"type": ');
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: not valid JSON/);
    writeFileSync(join(dir, 'common/broken.json'), JSON.stringify({ $id: 'https://example.com/x.json' }));
    expect(() => loadSchemaSet(dir)).toThrow(/^schema common\/broken\.json: \$id is "https:\/\/example\.com\/x\.json"/);
  });

  it('on a catalog entry whose schema is missing', () => {
    const dir = copyOfSchemas();
    rmSync(join(dir, 'operations/get-me.response.json'));
    expect(() => loadContracts({ schemasDir: dir })).toThrow(
      /^catalog operation get-me: schema https:\/\/gwscheck\.dev\/schemas\/operations\/get-me\.response\.json is not in /,
    );
  });

  it('on a missing directory', () => {
    expect(() => loadContracts({ schemasDir: join(tmpdir(), 'gwscheck-no-such-dir') })).toThrow(/^schemas directory /);
  });
});

describe('loadContracts', () => {
  it('compiles once per directory', () => {
    expect(loadContracts()).toBe(loadContracts({ schemasDir: SCHEMAS_DIR }));
  });

  it('knows every schema file and throws on an unknown schema or operation id', () => {
    const contracts = loadContracts();
    expect(contracts.schemaIds()).toContain(`${SCHEMA_BASE}common/envelope.json`);
    expect(() => contracts.validate(`${SCHEMA_BASE}common/nope.json`, {})).toThrow(/unknown schema id/);
    expect(() => contracts.operation('get-nope')).toThrow(/unknown operation "get-nope"/);
  });

  it('validate() grades violations of any schema', () => {
    const contracts = loadContracts();
    const violations = contracts.validate(`${SCHEMA_BASE}common/skill.json`, {
      id: '6f5b5c1e-2f43-4c1a-9a8e-0d2b8f3b7c11',
      name: 'Might',
      level: 0,
      color: 'red',
    });
    expect(violations.map((v) => [v.pointer, v.keyword, v.grade])).toEqual([
      ['/color', 'additionalProperties', 'additive'],
      ['/level', 'type', 'breaking'],
    ]);
    expect(violations[1]?.message).toBe('value /level: must be string');
  });

  it('reads the files it was given (a file edited in a copy changes the verdict)', () => {
    const dir = copyOfSchemas();
    const file = join(dir, 'operations/get-diagnostics-version.response.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('^\\\\d+\\\\.\\\\d+\\\\.\\\\d+\\\\.\\\\d+$', '^never$'));
    const copy = loadContracts({ schemasDir: dir });
    expect(copy).not.toBe(loadContracts());
    expect(copy.validate(`${SCHEMA_BASE}operations/get-diagnostics-version.response.json`, { statusCode: 0, version: '8.5.200.50' })).toHaveLength(1);
  });
});
