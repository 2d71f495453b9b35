import type pactumApi from 'pactum';
import type { Contracts } from '../../contracts/index.ts';

/** pactum's API: `spec()`, `request`, `settings`, ... */
export type Pactum = typeof pactumApi;

/** What pactum's `settings.setJsonSchemaAdapter` takes: an error text, or undefined for a valid value. */
export interface JsonSchemaAdapter {
  validate(schema: unknown, target: unknown): string | undefined;
}

/**
 * pactum's expectJsonSchema would use its own validator (@exodus/schemasafe); this one judges with
 * the project's ajv, so a spec can never judge with different rules. Schemas are named by `$id`:
 * `expectJsonSchema({ $ref: '<schema $id>' })`.
 */
export function gwsSchemaAdapter(contracts: Contracts): JsonSchemaAdapter {
  return {
    validate: (schema, target) => {
      const id = (schema as { $ref?: unknown; $id?: unknown } | null)?.$ref ?? (schema as { $id?: unknown } | null)?.$id;
      if (typeof id !== 'string' || !contracts.schemaIds().includes(id)) {
        return `the gate validates against its own schemas only: pass { $ref: "<schema $id>" } (got ${JSON.stringify(id)})`;
      }
      const violations = contracts.validate(id, target);
      return violations.length === 0 ? undefined : violations.map((v) => v.message).join('; ');
    },
  };
}

let loaded: Promise<Pactum> | undefined;

/**
 * pactum, for a spec that writes its requests with pactum's fluent API, its JSON-schema checks
 * judged by gwscheck's schemas. It loads on the first call: a run whose specs use the gate kit
 * alone does not pay for it at start-up.
 */
export function usePactum(contracts: Contracts): Promise<Pactum> {
  loaded ??= import('pactum').then((module) => {
    // A CommonJS package: its exports object is the ES module's default.
    const pactum = (module as unknown as { default: Pactum }).default;
    pactum.settings.setJsonSchemaAdapter(gwsSchemaAdapter(contracts));
    return pactum;
  });
  return loaded;
}
