import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from './catalog.ts';
import { judgeResponse, schemaViolations } from './judge.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import { PREBUILT_VALIDATORS_FILE, loadPrebuiltValidators, type SchemaValidators } from './prebuilt-validators.ts';
import { loadSchemaSet, schemaFiles } from './schema-set.ts';
import type { JudgeOptions, ObservedResponse, Operation, Verdict, Violation } from './types.ts';

export interface LoadOptions {
  /** Directory holding the schema files (default: the repository's `schemas/`). */
  readonly schemasDir?: string;
  /** The prebuilt validators to use when they were made from those files (default: the build's, beside the compiled contracts). */
  readonly validatorsFile?: string;
}

export interface Contracts {
  readonly catalog: readonly Operation[];
  /** The catalog entry with this id; throws on an unknown id. */
  operation(id: string): Operation;
  judge(operation: Operation, response: ObservedResponse, options?: JudgeOptions): Verdict;
  /** Graded violations of a value against a schema by `$id` (messages say `value /ptr: ...`). */
  validate(schemaId: string, value: unknown): Violation[];
  schemaIds(): readonly string[];
}

export const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const loaded = new Map<string, Contracts>();

function build(schemasDir: string, validatorsFile: string): Contracts {
  const ids = Object.freeze(schemaFiles(schemasDir).map((file) => SCHEMA_BASE + file));
  const known = new Set(ids);
  const byId = new Map(CATALOG.map((op) => [op.id, op]));
  for (const op of CATALOG) {
    for (const id of [op.responseSchema, op.requestSchema]) {
      if (id !== undefined && !known.has(id)) {
        throw new Error(`catalog operation ${op.id}: schema ${id} is not in ${schemasDir}`);
      }
    }
  }
  // The validators are loaded when a response is first judged: a process that only reads the
  // catalog (the gate's main thread, `--help`) never pays for them. The build's prebuilt ones are
  // used when they were made from these very files; otherwise each schema is compiled on first use.
  let validators: SchemaValidators | undefined;
  const validatorOf = (schemaId: string) => {
    validators ??= loadPrebuiltValidators(schemasDir, validatorsFile) ?? loadSchemaSet(schemasDir, { compile: 'on-first-use' });
    const validate = validators.validator(schemaId);
    if (validate === undefined) throw new Error(`unknown schema id "${schemaId}"`);
    return validate;
  };
  const locate = (node: object): string | undefined => validators?.locate(node);
  return Object.freeze({
    catalog: CATALOG,
    operation(id: string): Operation {
      const op = byId.get(id);
      if (op === undefined) {
        throw new Error(`unknown operation "${id}" (expected one of: ${[...byId.keys()].join(', ')})`);
      }
      return op;
    },
    judge(operation: Operation, response: ObservedResponse, options?: JudgeOptions): Verdict {
      return judgeResponse(validatorOf(operation.responseSchema), operation, response, options, locate);
    },
    validate(schemaId: string, value: unknown): Violation[] {
      const validate = validatorOf(schemaId);
      return validate(value) ? [] : schemaViolations(validate.errors ?? [], 'value', undefined, locate);
    },
    schemaIds: () => ids,
  });
}

/**
 * The contracts of a schema directory, once per directory and validators file: checks now that
 * each catalog entry's schema files exist; on the first judgement, loads the prebuilt validators
 * if the build made them from these files, or else reads the files and compiles each schema once,
 * when first used. Throws one line naming the file or entry when the setup is broken: a missing
 * directory or schema now; bad JSON, an invalid schema, an unresolved `$ref` or a strict-mode error
 * on that first use.
 */
export function loadContracts(options: LoadOptions = {}): Contracts {
  const dir = resolve(options.schemasDir ?? DEFAULT_SCHEMAS_DIR);
  const validatorsFile = resolve(options.validatorsFile ?? PREBUILT_VALIDATORS_FILE);
  const key = `${dir}\0${validatorsFile}`;
  let contracts = loaded.get(key);
  if (contracts === undefined) {
    contracts = build(dir, validatorsFile);
    loaded.set(key, contracts);
  }
  return contracts;
}
