import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { ValidateFunction } from './ajv.ts';
import { SCHEMA_AJV_OPTIONS, schemaFiles, schemaLocator } from './schema-set.ts';

/** What judging needs of the schemas, whether compiled at run time or prebuilt. */
export interface SchemaValidators {
  /** The validator of a schema `$id`; undefined for an unknown id. */
  validator(id: string): ValidateFunction | undefined;
  /** `<$id>#<pointer>` of a schema object an error names as its `parentSchema`. */
  readonly locate: (node: object) => string | undefined;
}

/**
 * The prebuilt validators: every schema compiled to code by `npm run build`, beside the compiled
 * contracts in dist/. CommonJS, so that the first judgement can load it synchronously.
 */
export const PREBUILT_VALIDATORS_FILE = fileURLToPath(new URL('./validators.cjs', import.meta.url));

/**
 * V8's code cache of a validators module, made by the build: V8 takes longer to compile a megabyte
 * of validators than to read its cache. A cache this V8 cannot use is ignored.
 */
export function codeCacheFile(moduleFile: string): string {
  return `${moduleFile}.v8-cache`;
}

type ModuleFunction = (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;

/** A CommonJS module file as a script, compiled with the code cache when given one V8 accepts. */
export function moduleScript(moduleFile: string, cachedData?: Buffer): Script {
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(moduleFile, 'utf8')}\n})`;
  return new Script(source, { filename: moduleFile, ...(cachedData === undefined ? {} : { cachedData }) });
}

/** Runs a module script as `require` would run its file, and returns what it exports. */
export function runModuleScript(script: Script, moduleFile: string): Readonly<Record<string, unknown>> {
  const module = { exports: {} };
  (script.runInThisContext() as ModuleFunction)(module.exports, createRequire(moduleFile), module, moduleFile, dirname(moduleFile));
  return module.exports;
}

/** The module's own entries; a schema `$id` is a URL, so these names never clash with one. */
export const DIGEST_EXPORT = 'gwscheck:digest';
export const SCHEMAS_EXPORT = 'gwscheck:schemas';

/** Bumped when the module's layout changes, so that a module of the old layout counts as stale. */
const LAYOUT = 1;

const require = createRequire(import.meta.url);

/**
 * What the validators are made from: every schema file's path and bytes, the Ajv settings and
 * ajv's version. A module whose digest differs was made from something else and is not used.
 */
export function schemaDigest(dir: string, files: readonly string[] = schemaFiles(dir)): string {
  const { version } = require('ajv/package.json') as { version: string };
  const hash = createHash('sha256').update(JSON.stringify({ LAYOUT, ajv: version, options: SCHEMA_AJV_OPTIONS }));
  for (const file of files) hash.update(`\0${file}\0`).update(readFileSync(join(dir, file)));
  return hash.digest('hex');
}

function isSchemaRoot(value: unknown): value is { readonly $id: string } {
  return value !== null && typeof value === 'object' && typeof (value as { $id?: unknown }).$id === 'string';
}

/**
 * The prebuilt validators of the schema files under `dir`, when `moduleFile` exists and was made
 * from exactly these files; otherwise undefined, and the caller compiles the schemas itself.
 */
export function loadPrebuiltValidators(dir: string, moduleFile: string = PREBUILT_VALIDATORS_FILE): SchemaValidators | undefined {
  if (!existsSync(moduleFile)) return undefined;
  let exported: Readonly<Record<string, unknown>>;
  try {
    const cache = codeCacheFile(moduleFile);
    exported = runModuleScript(moduleScript(moduleFile, existsSync(cache) ? readFileSync(cache) : undefined), moduleFile);
  } catch {
    // A module that does not load (a dependency gone, a truncated write) is as good as none.
    return undefined;
  }
  const roots = exported[SCHEMAS_EXPORT];
  if (exported[DIGEST_EXPORT] !== schemaDigest(dir) || !Array.isArray(roots) || !roots.every(isSchemaRoot)) return undefined;
  return {
    validator: (id) => {
      const validate = Object.hasOwn(exported, id) ? exported[id] : undefined;
      return typeof validate === 'function' ? (validate as ValidateFunction) : undefined;
    },
    locate: schemaLocator(roots.map((schema) => ({ id: schema.$id, schema }))),
  };
}
