import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { createAjv, type Ajv2020 } from './ajv.ts';
import { DEFAULT_SCHEMAS_DIR } from './load.ts';
import { DIGEST_EXPORT, PREBUILT_VALIDATORS_FILE, SCHEMAS_EXPORT, codeCacheFile, loadPrebuiltValidators, moduleScript, runModuleScript, schemaDigest } from './prebuilt-validators.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import { SCHEMA_AJV_OPTIONS, addAnnotationKeywords, loadSchemaSet, schemaFiles } from './schema-set.ts';

type StandaloneCode = (ajv: Ajv2020, refs: Record<string, string>) => string;

/** How ajv's standalone code declares the object of a schema it compiled (a file's root, `$id` and all). */
const SCHEMA_CONSTANT = /(?:^|[;\n])const (schema\d+) = \{/g;

/**
 * The prebuilt-validators module for the schema files under `dir`: one validator per `$id`,
 * compiled by the same Ajv settings as at run time (formats included, which the code requires from
 * ajv-formats), and the schema objects the validators name in their errors, for `locate`. Every
 * file is first loaded and compiled as the test suite does, so a broken schema fails here with
 * one line naming its file.
 */
export function validatorModuleCode(dir: string): string {
  const set = loadSchemaSet(dir);
  const ajv = createAjv({ ...SCHEMA_AJV_OPTIONS, code: { source: true } });
  addAnnotationKeywords(ajv, false);
  for (const { schema } of set.files) ajv.addSchema(schema);
  const standaloneCode = createRequire(import.meta.url)('ajv/dist/standalone') as { default: StandaloneCode };
  const code = standaloneCode.default(ajv, Object.fromEntries(set.files.map(({ id }) => [id, id])));
  const constants = [...code.matchAll(SCHEMA_CONSTANT)].map((match) => match[1] as string);
  const digest = schemaDigest(dir, set.files.map((f) => f.file));
  return [
    '// The schemas of gwscheck compiled to validators; schemas/ stays the source, and a module made',
    '// from other schema files than those at hand is not used (its digest differs).',
    code,
    `exports[${JSON.stringify(SCHEMAS_EXPORT)}] = [${constants.join(', ')}];`,
    `exports[${JSON.stringify(DIGEST_EXPORT)}] = ${JSON.stringify(digest)};`,
    '',
  ].join('\n');
}

/** Written whole, then moved into place: a reader never sees half a file. */
function replaceFile(file: string, content: string | Buffer): void {
  writeFileSync(`${file}.tmp`, content);
  renameSync(`${file}.tmp`, file);
}

/**
 * V8's code cache of the module, with the code of every validator in it: V8 compiles a function
 * when it first runs, so each runs once on a value it refuses before the cache is made.
 */
function codeCache(file: string): Buffer {
  const script = moduleScript(file);
  for (const value of Object.values(runModuleScript(script, file))) {
    if (typeof value === 'function') (value as (data: unknown) => boolean)({});
  }
  return script.createCachedData();
}

/**
 * Writes the prebuilt validators of `dir` to `file` (by default, where the contracts look for
 * them) with V8's code cache of them, and checks that they load as fresh, with a validator for
 * every schema file. Returns how many validators it wrote.
 */
export function writeValidatorModule(dir: string = DEFAULT_SCHEMAS_DIR, file: string = PREBUILT_VALIDATORS_FILE): number {
  const code = validatorModuleCode(dir);
  mkdirSync(dirname(file), { recursive: true });
  replaceFile(file, code);
  replaceFile(codeCacheFile(file), codeCache(file));
  const loaded = loadPrebuiltValidators(dir, file);
  if (loaded === undefined) throw new Error(`prebuilt validators ${file}: written, but they do not load as made from ${dir}`);
  // validatorModuleCode has read and checked every file; its names are all this needs of them.
  const files = schemaFiles(dir);
  const missing = files.find((name) => loaded.validator(SCHEMA_BASE + name) === undefined);
  if (missing !== undefined) throw new Error(`prebuilt validators ${file}: no validator for schema ${missing} (expected one per schema file)`);
  return files.length;
}
