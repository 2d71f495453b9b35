/**
 * The door for describing the API to other tools (src/openapi): the catalog with its schema files
 * as written, and the HTTP status beside each statusCode. Judging stays behind ./index.ts.
 */
import { resolve } from 'node:path';
import { DEFAULT_SCHEMAS_DIR, loadContracts, type LoadOptions } from './load.ts';
import { loadSchemaSet } from './schema-set.ts';
import type { Operation, Violation } from './types.ts';

export { httpStatusesFor } from './status-http.ts';

export interface ContractSources {
  readonly catalog: readonly Operation[];
  /** Every schema file by `$id`, parsed but untouched: `$ref`s relative, annotation keywords kept. */
  readonly schemas: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Graded violations of a value against a schema by `$id`, as `judge()` would grade them. */
  validate(schemaId: string, value: unknown): Violation[];
}

/**
 * The catalog and the schema files of a schema directory (default: the repository's `schemas/`),
 * read now. Throws one line naming the file or entry when the setup is broken, as `loadContracts`.
 */
export function contractSources(options: LoadOptions = {}): ContractSources {
  const dir = resolve(options.schemasDir ?? DEFAULT_SCHEMAS_DIR);
  const contracts = loadContracts({ schemasDir: dir });
  const set = loadSchemaSet(dir, { compile: 'on-first-use' });
  return {
    catalog: contracts.catalog,
    schemas: new Map(set.files.map((file) => [file.id, file.schema])),
    validate: (schemaId, value) => contracts.validate(schemaId, value),
  };
}
