import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, Options } from 'ajv/dist/2020.js';
import type formats from 'ajv-formats';

export type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
export type { Ajv2020 };

/**
 * The options a caller may set; strictness and the 2020-12 dialect are not negotiable. `code`
 * lets the build keep each validator's source, to write it out as a module.
 */
export type AjvOptions = Pick<Options, 'allErrors' | 'verbose' | 'code'>;

/**
 * The project's one way to make an Ajv: JSON Schema 2020-12, strict (an unknown keyword or a
 * misplaced one fails loading), every error by default, and the `format` vocabulary.
 * `verbose` keeps the failing value and its schema on each error, for messages that name them.
 */
export function createAjv(options: AjvOptions = {}): Ajv2020 {
  const { Ajv2020: Ajv, addFormats } = ajvModules();
  const ajv = new Ajv({ strict: true, allErrors: true, ...options });
  addFormats(ajv);
  return ajv;
}

let loaded: { readonly Ajv2020: typeof Ajv2020; readonly addFormats: (ajv: Ajv2020) => void } | undefined;

/**
 * ajv and ajv-formats (CommonJS), required when the first Ajv is made: the gate's main thread and
 * `--help` load this module but never compile a schema, and skip their 70 ms of loading.
 */
function ajvModules(): NonNullable<typeof loaded> {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    const ajv = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
    const addFormats = require('ajv-formats') as typeof formats;
    loaded = { Ajv2020: ajv.Ajv2020, addFormats: (instance) => addFormats.default(instance) };
  }
  return loaded;
}

/** How the location after `where` is written; by default a space and the JSON pointer. */
export type PointerStyle = (pointer: string) => string;

const spacedPointer: PointerStyle = (pointer) => (pointer === '' ? '' : ` ${pointer}`);

function show(value: unknown): string {
  const text = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function quoted(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : '';
}

function message(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as { description?: unknown; properties?: object };
  const described = typeof parent.description === 'string' ? parent.description : undefined;
  // The value is shown only where it is the value at fault, never for a key's parent object.
  const got = 'data' in error && error.data !== undefined ? show(error.data) : undefined;
  switch (error.keyword) {
    case 'required':
      return `missing key "${String(params['missingProperty'])}"`;
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const known = Object.keys(parent.properties ?? {});
      const name = String(params['additionalProperty'] ?? params['unevaluatedProperty']);
      return `unknown key "${name}"${known.length > 0 ? ` (expected one of: ${known.join(', ')})` : ''}`;
    }
    case 'enum':
      return `must be one of ${quoted(params['allowedValues'])}${got !== undefined ? `, got ${got}` : ''}`;
    default:
      if (described !== undefined && got !== undefined) return `${got} is not ${described}`;
      return `${error.message ?? error.keyword}${got !== undefined ? `, got ${got}` : ''}`;
  }
}

/**
 * One ajv error as one line: `<where> <pointer>: <message>`. The message names the missing or
 * unknown key, the allowed values, the value found (with `verbose`), and what was expected when
 * the schema describes it.
 */
export function formatAjvError(error: ErrorObject, where: string, style: PointerStyle = spacedPointer): string {
  return `${where}${style(error.instancePath)}: ${message(error)}`;
}

/** Every error, one line each, without the lines an `if` adds for its failing `then`/`else`. */
export function formatAjvErrors(
  errors: readonly ErrorObject[] | null | undefined,
  where: string,
  style?: PointerStyle,
): string[] {
  const lines = (errors ?? []).filter((e) => e.keyword !== 'if').map((e) => formatAjvError(e, where, style));
  return [...new Set(lines)];
}
