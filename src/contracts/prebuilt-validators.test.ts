import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncApiDocument, openApiDocument } from '../openapi/index.ts';
import { loadContracts, type Contracts } from './load.ts';
import { DIGEST_EXPORT, SCHEMAS_EXPORT, codeCacheFile, loadPrebuiltValidators, moduleScript, schemaDigest } from './prebuilt-validators.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { ObservedResponse, Verdict, Violation } from './types.ts';
import { validatorModuleCode, writeValidatorModule } from './validator-module.ts';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
// Inside the package, so that the module's requires of ajv and ajv-formats resolve as from dist/.
const SCRATCH_ROOT = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
const GET_ME = `${SCHEMA_BASE}operations/get-me.response.json`;

let scratch: string;
let moduleFile: string;

beforeAll(() => {
  mkdirSync(SCRATCH_ROOT, { recursive: true });
  scratch = mkdtempSync(join(SCRATCH_ROOT, 'gwscheck-validators-'));
  moduleFile = join(scratch, 'validators.cjs');
  writeValidatorModule(SCHEMAS_DIR, moduleFile);
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyOfSchemas(name: string): string {
  const dir = join(scratch, name);
  cpSync(SCHEMAS_DIR, dir, { recursive: true });
  return dir;
}

/** Every example the API descriptions carry: each one the contracts judged valid for its schema. */
function examples(): unknown[] {
  const found = new Map<string, unknown>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key !== 'examples' || child === null || typeof child !== 'object') {
        walk(child);
        continue;
      }
      for (const entry of Array.isArray(child) ? (child as unknown[]) : Object.values(child as Record<string, unknown>)) {
        const value: unknown = entry !== null && typeof entry === 'object' ? ((entry as { value?: unknown; payload?: unknown }).value ?? (entry as { payload?: unknown }).payload ?? entry) : entry;
        found.set(JSON.stringify(value), value);
      }
    }
  };
  walk(openApiDocument());
  walk(asyncApiDocument());
  return [...found.values()];
}

const REPLACEMENTS: readonly unknown[] = [null, 'x', -1, 1.5, true, {}, [], '', 'not a uri', 0];

/**
 * Values near a valid one: each attribute dropped, an unknown attribute added, a list emptied or
 * grown, each value replaced by values of other types. Deterministic, at most `limit`.
 */
function mutants(value: unknown, limit: number): unknown[] {
  const out: unknown[] = [];
  const visit = (node: unknown, replace: (next: unknown) => unknown, depth: number): void => {
    if (out.length >= limit || depth > 8) return;
    const start = out.length;
    for (const step of [0, 3, 6, 8]) out.push(replace(REPLACEMENTS[(start + step) % REPLACEMENTS.length]));
    if (Array.isArray(node)) {
      const list = node as unknown[];
      out.push(replace([]), replace([...list, ...list.slice(0, 1)]));
      list.forEach((item, i) => visit(item, (next) => replace(list.map((old, j) => (j === i ? next : old))), depth + 1));
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      out.push(replace({ ...record, gwscheckUnknownAttribute: 1 }));
      for (const key of Object.keys(record)) {
        const rest = { ...record };
        delete rest[key];
        out.push(replace(rest));
        visit(record[key], (next) => replace({ ...record, [key]: next }), depth + 1);
      }
    }
  };
  visit(value, (next) => next, 0);
  return out.slice(0, limit);
}

function observed(body: unknown): ObservedResponse {
  return { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 5 };
}

interface Comparison {
  readonly cases: number;
  readonly valid: number;
  readonly violations: readonly Violation[];
  readonly differences: readonly string[];
}

function compare(runtime: Contracts, prebuilt: Contracts, ids: readonly string[], values: readonly unknown[]): Comparison {
  let cases = 0;
  let valid = 0;
  const violations: Violation[] = [];
  const differences: string[] = [];
  for (const id of ids) {
    for (const value of values) {
      const expected = runtime.validate(id, value);
      const actual = prebuilt.validate(id, value);
      cases += 1;
      if (expected.length === 0) valid += 1;
      violations.push(...expected);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) differences.push(`${id} ${JSON.stringify(value).slice(0, 120)}`);
    }
  }
  return { cases, valid, violations, differences };
}

describe('prebuilt validators', () => {
  let runtime: Contracts;
  let prebuilt: Contracts;
  let corpus: unknown[];
  let homes: Map<unknown, string[]>;

  beforeAll(() => {
    runtime = loadContracts({ schemasDir: SCHEMAS_DIR, validatorsFile: join(scratch, 'none.cjs') });
    prebuilt = loadContracts({ schemasDir: SCHEMAS_DIR, validatorsFile: moduleFile });
    corpus = examples();
    // The schemas each example is valid for, as the validators compiled at run time say.
    homes = new Map(corpus.map((value) => [value, runtime.schemaIds().filter((id) => runtime.validate(id, value).length === 0)]));
  });

  it('are made from the schema files at hand, one validator per file', () => {
    const loaded = loadPrebuiltValidators(SCHEMAS_DIR, moduleFile);
    for (const id of runtime.schemaIds()) expect(loaded?.validator(id), id).toBeTypeOf('function');
  });

  it('come with a code cache this V8 compiles them from, and load without one that does not fit', () => {
    expect(moduleScript(moduleFile, readFileSync(codeCacheFile(moduleFile))).cachedDataRejected).toBe(false);
    const copy = join(scratch, 'no-fit.cjs');
    cpSync(moduleFile, copy);
    writeFileSync(codeCacheFile(copy), 'not a code cache');
    expect(loadPrebuiltValidators(SCHEMAS_DIR, copy)?.validator(GET_ME)?.({ statusCode: 0 })).toBe(false);
  });

  it('judge every example against every schema as the validators compiled at run time do', () => {
    const result = compare(runtime, prebuilt, runtime.schemaIds(), corpus);
    expect(result.differences).toEqual([]);
    expect(corpus.length).toBeGreaterThan(80);
    expect(result.valid).toBeGreaterThan(100);
    expect(result.cases - result.valid).toBeGreaterThan(5000);
  });

  it('find the same violations, messages and schema locations in values near the examples', () => {
    const near = corpus.flatMap((value) => {
      const ids = (homes.get(value) ?? []).slice(0, 2);
      return mutants(value, 150).map((mutant) => ({ ids, mutant }));
    });
    const differences: string[] = [];
    const violations: Violation[] = [];
    for (const { ids, mutant } of near) {
      const result = compare(runtime, prebuilt, ids, [mutant]);
      differences.push(...result.differences);
      violations.push(...result.violations);
    }
    expect(differences).toEqual([]);
    expect(near.length).toBeGreaterThan(2500);
    const keywords = new Set(violations.map((v) => v.keyword));
    for (const keyword of ['required', 'type', 'enum', 'const', 'pattern', 'format', 'additionalProperties', 'anyOf', 'contains', 'not', 'minLength', 'minItems']) {
      expect(keywords, keyword).toContain(keyword);
    }
    expect(violations.filter((v) => v.schemaLocation !== undefined).length).toBeGreaterThan(1000);
    expect(violations.some((v) => v.grade === 'additive') && violations.some((v) => v.kind === 'envelope')).toBe(true);
  });

  it('give every catalog operation the same verdict on its examples and values near them', () => {
    const differences: string[] = [];
    const verdicts: Verdict[] = [];
    for (const operation of runtime.catalog) {
      const own = corpus.filter((value) => homes.get(value)?.includes(operation.responseSchema));
      for (const body of [...own, ...own.flatMap((value) => mutants(value, 15))]) {
        const options = { request: operation.example };
        const expected = runtime.judge(operation, observed(body), options);
        verdicts.push(expected);
        if (JSON.stringify(prebuilt.judge(operation, observed(body), options)) !== JSON.stringify(expected)) {
          differences.push(`${operation.id} ${JSON.stringify(body).slice(0, 120)}`);
        }
      }
    }
    expect(differences).toEqual([]);
    expect(verdicts.filter((v) => v.ok).length).toBeGreaterThan(50);
    expect(verdicts.filter((v) => !v.ok).length).toBeGreaterThan(500);
  });
});

describe('the contracts', () => {
  /** A module with the digest of `dir` whose get-me validator finds one made-up violation. */
  function markedModule(dir: string): string {
    const file = join(scratch, `marked-${dir.split('/').pop() ?? ''}.cjs`);
    writeFileSync(
      file,
      [
        `exports[${JSON.stringify(DIGEST_EXPORT)}] = ${JSON.stringify(schemaDigest(dir))};`,
        `exports[${JSON.stringify(SCHEMAS_EXPORT)}] = [];`,
        `exports[${JSON.stringify(GET_ME)}] = function marked() {`,
        `  marked.errors = [{ keyword: 'const', instancePath: '/marked', schemaPath: '#/const', params: { allowedValue: 'prebuilt' }, data: 'compiled', parentSchema: {} }];`,
        '  return false;',
        '};',
      ].join('\n'),
    );
    return file;
  }

  it('use prebuilt validators made from their very schema files', () => {
    const dir = copyOfSchemas('same');
    const contracts = loadContracts({ schemasDir: dir, validatorsFile: markedModule(dir) });
    expect(contracts.validate(GET_ME, {}).map((v) => v.message)).toEqual(['value /marked: must be "prebuilt", got "compiled"']);
  });

  it('compile the schemas themselves when a schema file changed after the validators were made', () => {
    const dir = copyOfSchemas('changed');
    const file = markedModule(dir);
    const path = join(dir, 'operations/get-me.response.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"title"', '"description": "changed", "title"'));
    const found = loadContracts({ schemasDir: dir, validatorsFile: file }).validate(GET_ME, {});
    expect(found.map((v) => v.message)).toEqual([expect.stringMatching(/^value \/statusCode: required attribute is missing/)]);
  });

  it('compile the schemas themselves when no prebuilt validators are at hand', () => {
    const contracts = loadContracts({ schemasDir: copyOfSchemas('none'), validatorsFile: join(scratch, 'missing.cjs') });
    expect(contracts.validate(GET_ME, {}).map((v) => v.message)).toEqual([expect.stringMatching(/^value \/statusCode: required attribute is missing/)]);
  });
});

describe('the validator module', () => {
  it('refuses a broken schema with one line naming its file', () => {
    const dir = copyOfSchemas('broken');
    writeFileSync(join(dir, 'common/broken.json'), JSON.stringify({ $id: `${SCHEMA_BASE}common/broken.json`, type: 'object', minLenght: 1 }));
    expect(() => validatorModuleCode(dir)).toThrow(/^schema common\/broken\.json: /);
  });
});
