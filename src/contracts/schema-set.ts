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
  /** A file with this `$id` was loaded (nothing is compiled to answer). */
  has(id: string): boolean;
  /** The compiled validator; undefined for an unknown id. Compiles on first use unless loaded eagerly. */
  validator(id: string): ValidateFunction | undefined;
  /** `<$id>#<pointer>` of a schema object of these files (ajv's `parentSchema` is that very object). */
  readonly locate: (node: object) => string | undefined;
}

type SchemaObject = Record<string, unknown>;

function isObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** How the schemas' Ajv is made, at run time and for the prebuilt validators alike. */
export const SCHEMA_AJV_OPTIONS = { verbose: true } as const;

/**
 * The annotation keywords the schemas use. They validate nothing on a response; they carry the
 * documented rule so that `judge()` can grade a violation from the keyword and its schema alone.
 * With `checkPlacement`, each checks, when a schema is compiled, that it sits where it makes sense;
 * without, they are plain annotations, which validator code written out as a module needs (a
 * keyword with a compile function has no source to write).
 */
export function addAnnotationKeywords(ajv: Ajv2020, checkPlacement: boolean): void {
  if (!checkPlacement) {
    for (const keyword of ['x-exact', 'x-open-enum']) ajv.addKeyword({ keyword, schemaType: 'boolean' });
    for (const keyword of ['x-envelope-rule', 'x-resource']) ajv.addKeyword({ keyword, schemaType: 'string' });
    return;
  }
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

/** The schema files under `dir`, relative with `/` separators; throws one line when there are none. */
export function schemaFiles(dir: string): string[] {
  let paths: string[];
  try {
    paths = listJsonFiles(dir);
  } catch (error) {
    throw new Error(`schemas directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (paths.length === 0) throw new Error(`schemas directory ${dir}: no *.json schema files`);
  return paths.map((path) => relative(dir, path).split(sep).join('/'));
}

export interface LoadSchemaSetOptions {
  /**
   * `eager` (the default) compiles every schema while loading, so a broken one fails the load.
   * `on-first-use` compiles a schema when its validator is first asked for, and skips the
   * meta-schema check of each file: a command that checks nine operations does not pay for
   * compiling ninety, and a broken schema fails with a one-line error naming its file then.
   */
  readonly compile?: 'eager' | 'on-first-use';
}

/**
 * Reads every `*.json` under `dir` into one Ajv2020 (strict, allErrors, formats) and compiles each
 * once. Throws one line naming the file for: bad JSON, an `$id` that is not `SCHEMA_BASE` + the
 * file's path, a schema the 2020-12 meta-schema rejects, an unresolved `$ref`, a strict-mode error
 * (the last two when the schema is compiled: see `compile`).
 */
export function loadSchemaSet(dir: string, options: LoadSchemaSetOptions = {}): SchemaSet {
  const ajv = createAjv(SCHEMA_AJV_OPTIONS);
  addAnnotationKeywords(ajv, true);

  const eager = options.compile !== 'on-first-use';
  const files: SchemaFile[] = [];
  for (const file of schemaFiles(dir)) {
    const path = join(dir, file);
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
    // Checking every file against the 2020-12 meta-schema (compiling the meta-schema first) is a
    // tenth of a second; the eager load does it, the lazy one trusts the shipped files, which the
    // test suite loads eagerly, and still meets a broken schema when compiling it.
    if (eager && !ajv.validateSchema(schema)) {
      const where = `schema ${file}: not a valid JSON Schema 2020-12`;
      const [first] = formatAjvErrors(ajv.errors, where, (pointer) => (pointer === '' ? '' : ` at ${pointer}`));
      throw new Error(first ?? where);
    }
    try {
      ajv.addSchema(schema, undefined, undefined, eager);
    } catch (error) {
      throw new Error(`schema ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    files.push({ id: expectedId, file, schema });
  }

  const fileOf = new Map(files.map((f) => [f.id, f.file]));
  const validators = new Map<string, ValidateFunction>();
  const compiled = (id: string): ValidateFunction | undefined => {
    const file = fileOf.get(id);
    if (file === undefined) return undefined;
    let validate = validators.get(id);
    if (validate !== undefined) return validate;
    try {
      validate = ajv.getSchema(id);
      if (validate === undefined) throw new Error('did not compile');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`schema ${file}: ${message.split('\n')[0] ?? message}`);
    }
    validators.set(id, validate);
    return validate;
  };
  if (eager) for (const { id } of files) compiled(id);

  return { files, has: (id) => fileOf.has(id), validator: compiled, locate: schemaLocator(files) };
}

/**
 * Where a schema node sits, `<$id>#<pointer>`, among these schema roots: ajv's `parentSchema` is
 * the very object of the schema it compiled. Only a violation asks, so the walk waits for the first.
 */
export function schemaLocator(roots: readonly { readonly id: string; readonly schema: object }[]): (node: object) => string | undefined {
  let locations: WeakMap<object, string> | undefined;
  return (node) => {
    if (locations === undefined) {
      const found = new WeakMap<object, string>();
      const walk = (value: unknown, at: string): void => {
        if (value === null || typeof value !== 'object') return;
        if (!Array.isArray(value)) found.set(value, at);
        for (const [key, child] of Object.entries(value)) walk(child, `${at}/${escapePointer(key)}`);
      };
      for (const { id, schema } of roots) walk(schema, `${id}#`);
      locations = found;
    }
    return locations.get(node);
  };
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
