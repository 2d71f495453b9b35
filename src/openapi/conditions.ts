import { createAjv, type Ajv2020, type ValidateFunction } from '../contracts/ajv.ts';
import type { SchemaObject } from './component-schemas.ts';

/** Evaluates the `if` schemas of the schema files, each compiled once. */
export class Conditions {
  private readonly ajv: Ajv2020 = createAjv();
  private readonly compiled = new WeakMap<object, ValidateFunction | null>();

  /** Whether `value` meets the condition; one that does not compile on its own (a `$ref` in it) counts as unmet. */
  holds(condition: SchemaObject, value: unknown): boolean {
    let validate = this.compiled.get(condition);
    if (validate === undefined) {
      try {
        validate = this.ajv.compile(condition);
      } catch {
        validate = null;
      }
      this.compiled.set(condition, validate);
    }
    return validate !== null && validate(value) === true;
  }
}
