import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from './catalog.ts';
import { judgeResponse, schemaViolations } from './judge.ts';
import { loadSchemaSet } from './schema-set.ts';
import type { JudgeOptions, ObservedResponse, Operation, Verdict, Violation } from './types.ts';

export interface LoadOptions {
  /** Directory holding the schema files (default: the repository's `schemas/`). */
  readonly schemasDir?: string;
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

const DEFAULT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const loaded = new Map<string, Contracts>();

function build(schemasDir: string): Contracts {
  const set = loadSchemaSet(schemasDir);
  const byId = new Map(CATALOG.map((op) => [op.id, op]));
  for (const op of CATALOG) {
    for (const id of [op.responseSchema, op.requestSchema]) {
      if (id !== undefined && set.validator(id) === undefined) {
        throw new Error(`catalog operation ${op.id}: schema ${id} is not in ${schemasDir}`);
      }
    }
  }
  const ids = Object.freeze(set.files.map((f) => f.id));
  const validatorOf = (schemaId: string) => {
    const validate = set.validator(schemaId);
    if (validate === undefined) throw new Error(`unknown schema id "${schemaId}"`);
    return validate;
  };
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
      return judgeResponse(validatorOf(operation.responseSchema), operation, response, options, set.locate);
    },
    validate(schemaId: string, value: unknown): Violation[] {
      const validate = validatorOf(schemaId);
      return validate(value) ? [] : schemaViolations(validate.errors ?? [], 'value', undefined, set.locate);
    },
    schemaIds: () => ids,
  });
}

/**
 * Loads and compiles every schema once per directory, checks that each catalog entry's schemas
 * exist, and returns the contracts. Throws one line naming the file or entry when the setup is
 * broken (bad JSON, invalid schema, unresolved `$ref`, missing schema).
 */
export function loadContracts(options: LoadOptions = {}): Contracts {
  const dir = resolve(options.schemasDir ?? DEFAULT_SCHEMAS_DIR);
  let contracts = loaded.get(dir);
  if (contracts === undefined) {
    contracts = build(dir);
    loaded.set(dir, contracts);
  }
  return contracts;
}
