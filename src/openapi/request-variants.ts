/**
 * The `operationName` variants of a POST's request schema: one component per operationName that
 * narrows the request schema to that name and requires what its `if operationName … then required`
 * rules require, so that a document can offer them as `oneOf` with a discriminator.
 */
import { isSchemaObject, type SchemaObject } from './component-schemas.ts';

export interface RequestVariant {
  readonly operationName: string;
  /** Attributes this operationName requires besides operationName itself. */
  readonly requires: readonly string[];
}

function values(node: unknown): string[] {
  if (!isSchemaObject(node)) return [];
  if (typeof node['const'] === 'string') return [node['const']];
  return Array.isArray(node['enum']) ? node['enum'].filter((v): v is string => typeof v === 'string') : [];
}

/** The operationNames an `if` schema selects when it tests operationName alone; undefined otherwise. */
function namesSelected(condition: unknown): string[] | undefined {
  if (!isSchemaObject(condition)) return undefined;
  const properties = condition['properties'];
  const required = condition['required'];
  if (!isSchemaObject(properties) || Object.keys(properties).join() !== 'operationName') return undefined;
  if (!Array.isArray(required) || !required.includes('operationName')) return undefined;
  return values(properties['operationName']);
}

/** Each operationName the request schema allows, in its order, with what it requires. */
export function requestVariants(schema: SchemaObject): RequestVariant[] {
  const properties = isSchemaObject(schema['properties']) ? schema['properties'] : {};
  const names = values(properties['operationName']);
  const members: unknown[] = Array.isArray(schema['allOf']) ? schema['allOf'] : [];
  const conditionals = [schema, ...members].filter(isSchemaObject);
  return names.map((operationName) => {
    const requires = new Set<string>();
    for (const conditional of conditionals) {
      if (!namesSelected(conditional['if'])?.includes(operationName)) continue;
      const then = conditional['then'];
      const required = isSchemaObject(then) && Array.isArray(then['required']) ? then['required'] : [];
      for (const name of required) if (typeof name === 'string' && name !== 'operationName') requires.add(name);
    }
    return { operationName, requires: [...requires] };
  });
}
