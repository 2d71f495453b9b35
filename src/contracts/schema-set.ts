import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createAjv, formatAjvErrors, type Ajv2020, type ValidateFunction } from './ajv.ts';
import { escapePointer } from './judge.ts';
import { SCHEMA_BASE } from './schema-ids.ts';

/** One loaded schema file. */
export interface SchemaFile {
  readonly id: string;
  /** Path relative to the schemas directory, with `/` separators. */
  readonly file: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

export interface SchemaSet {
  readonly files: readonly SchemaFile[];
  validator(id: string): ValidateFunction | undefined;
  /** `<$id>#<pointer>` of a schema object of these files (ajv's `parentSchema` is that very object). */
  readonly locate: (node: object) => string | undefined;
}

type SchemaObject = Record<string, unknown>;

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The annotation keywords the schemas use. They validate nothing on a response; they carry the
 * documented rule so that `judge()` can grade a violation from the keyword and its schema alone.
 * Each checks, when a schema is compiled, that it sits where it makes sense.
 */
function addAnnotationKeywords(ajv: Ajv2020): void {
  ajv.addKeyword({
    keyword: 'x-exact',
    schemaType: 'boolean',
    compile(value: boolean, parent: SchemaObject) {
      if (value && parent['additionalProperties'] !== false && parent['unevaluatedProperties'] !== false) {
        throw new Error('"x-exact": true needs "additionalProperties": false or "unevaluatedProperties": false beside it');
      }
      return () => true;
    },
  });
  ajv.addKeyword({
    keyword: 'x-open-enum',
    schemaType: 'boolean',
    compile(value: boolean, parent: SchemaObject) {
      if (value && (parent['type'] !== 'string' || !Array.isArray(parent['enum']))) {
        throw new Error('"x-open-enum": true needs "type": "string" and an "enum" beside it');
      }
      return () => true;
    },
  });
  ajv.addKeyword({ keyword: 'x-envelope-rule', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-resource', schemaType: 'string' });
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listJsonFiles(full));
    else if (entry.isFile() && entry.name.endsWith('.json')) out.push(full);
  }
  return out.sort();
}

/**
 * Reads every `*.json` under `dir` into one Ajv2020 (strict, allErrors, formats) and compiles each
 * once. Throws one line naming the file for: bad JSON, an `$id` that is not `SCHEMA_BASE` + the
 * file's path, a schema the 2020-12 meta-schema rejects, an unresolved `$ref`, a strict-mode error.
 */
export function loadSchemaSet(dir: string): SchemaSet {
  const ajv = createAjv({ verbose: true });
  addAnnotationKeywords(ajv);

  let paths: string[];
  try {
    paths = listJsonFiles(dir);
  } catch (error) {
    throw new Error(`schemas directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (paths.length === 0) throw new Error(`schemas directory ${dir}: no *.json schema files`);

  const files: SchemaFile[] = [];
  for (const path of paths) {
    const file = relative(dir, path).split(sep).join('/');
    let schema: unknown;
    try {
      schema = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`schema ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!isObject(schema)) throw new Error(`schema ${file}: expected a JSON object`);
    const expectedId = SCHEMA_BASE + file;
    if (schema['$id'] !== expectedId) {
      throw new Error(`schema ${file}: $id is ${JSON.stringify(schema['$id'])}, expected "${expectedId}"`);
    }
    if (!ajv.validateSchema(schema)) {
      const where = `schema ${file}: not a valid JSON Schema 2020-12`;
      const [first] = formatAjvErrors(ajv.errors, where, (pointer) => (pointer === '' ? '' : ` at ${pointer}`));
      throw new Error(first ?? where);
    }
    try {
      ajv.addSchema(schema);
    } catch (error) {
      throw new Error(`schema ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    files.push({ id: expectedId, file, schema });
  }

  const validators = new Map<string, ValidateFunction>();
  for (const { id, file } of files) {
    try {
      const validate = ajv.getSchema(id);
      if (validate === undefined) throw new Error('did not compile');
      validators.set(id, validate);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`schema ${file}: ${message.split('\n')[0] ?? message}`);
    }
  }
  const locations = new WeakMap<object, string>();
  const walk = (node: unknown, at: string): void => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node)) locations.set(node, at);
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${escapePointer(key)}`);
  };
  for (const { id, schema } of files) walk(schema, `${id}#`);
  return { files, validator: (id) => validators.get(id), locate: (node) => locations.get(node) };
}

/** Every `$ref` in a schema, resolved against the schema's `$id`. */
export function referencedIds(schema: unknown, base: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === '$ref' || key === '$dynamicRef') && typeof value === 'string') {
        const url = new URL(value, base);
        url.hash = '';
        out.push(url.href);
      } else if (key !== 'enum' && key !== 'const' && key !== 'examples') {
        walk(value);
      }
    }
  };
  walk(schema);
  return out;
}
