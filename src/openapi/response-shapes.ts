/**
 * The shape an operation's answer takes for one statusCode, spelled out for readers and code
 * generators. A response schema says it through `if statusCode … then …` rules, which validators
 * follow and generators (openapi-typescript) skip; the shape beside the rule gives them the type.
 */
import { componentName, FIELD_LIST_SUFFIX, isSchemaObject, localSchemaNode, resolveRef, type SchemaFiles, type SchemaObject } from './component-schemas.ts';
import type { Conditions } from './conditions.ts';

interface Branch {
  readonly schema: SchemaObject;
  readonly base: string;
}

/** Whether an `if` tests the statusCode alone. */
function testsStatusCode(condition: unknown): condition is SchemaObject {
  if (!isSchemaObject(condition)) return false;
  const properties = condition['properties'];
  return isSchemaObject(properties) && Object.keys(properties).join() === 'statusCode';
}

/** The branches of `schema`'s statusCode rules (its own and its `allOf` members') that apply to `code`. */
function branchesOf(schema: SchemaObject, base: string, code: number, conditions: Conditions): Branch[] {
  const out: Branch[] = [];
  const visit = (node: unknown): void => {
    if (!isSchemaObject(node)) return;
    if (testsStatusCode(node['if'])) {
      const chosen = conditions.holds(node['if'], { statusCode: code }) ? node['then'] : node['else'];
      if (isSchemaObject(chosen)) {
        if (testsStatusCode(chosen['if'])) visit(chosen);
        else out.push({ schema: chosen, base });
      }
    }
    if (Array.isArray(node['allOf'])) node['allOf'].forEach(visit);
  };
  visit(schema);
  return out;
}

/** A branch that only chooses between two shapes by another rule (`uris` or resources) reads as either. */
function eitherShape(local: Record<string, unknown>): Record<string, unknown> {
  const { if: condition, then, else: otherwise, type, ...rest } = local;
  if (condition === undefined || then === undefined || otherwise === undefined || Object.keys(rest).length > 0) return local;
  return { ...(type === undefined ? {} : { type }), anyOf: [then, otherwise] };
}

export interface ShapeOptions {
  readonly files: SchemaFiles;
  readonly conditions: Conditions;
  readonly prefix: string;
  /** Where a shape that is not a whole schema file is added as a component. */
  readonly components: Map<string, Record<string, unknown>>;
  /** The shape of the answer to a field list: the files that hold a resource object (see `localSchemaNode`). */
  readonly fieldList?: ReadonlySet<string>;
}

/**
 * A `$ref` to the shape of the answers of `responseId` with statusCode `code`: the response
 * schema's own rule for it, else its envelope's (the error envelope for an error). Undefined when
 * no rule names a shape for that code.
 */
export function shapeFor(responseId: string, code: number, options: ShapeOptions): { $ref: string } | undefined {
  const schema = options.files.get(responseId);
  if (schema === undefined) return undefined;
  let branches = branchesOf(schema, responseId, code, options.conditions);
  if (branches.length === 0 && typeof schema['$ref'] === 'string') {
    const envelope = resolveRef(schema['$ref'], responseId);
    const file = options.files.get(envelope.id);
    if (file !== undefined) branches = branchesOf(file, envelope.id, code, options.conditions);
  }
  const [branch] = branches;
  if (branch === undefined) return undefined;
  const whole = branch.schema['$ref'];
  if (typeof whole === 'string' && Object.keys(branch.schema).length === 1) {
    const target = resolveRef(whole, branch.base).id;
    return { $ref: `${options.prefix}${componentName(target)}${options.fieldList?.has(target) === true ? FIELD_LIST_SUFFIX : ''}` };
  }
  const variant = options.fieldList === undefined ? '' : FIELD_LIST_SUFFIX;
  const name = `${componentName(responseId)}.${code === 0 ? 'success' : `statusCode${code}`}${variant}`;
  if (!options.components.has(name)) {
    options.components.set(name, eitherShape(localSchemaNode(options.files, branch.schema, branch.base, options.prefix, options.fieldList)));
  }
  return { $ref: `${options.prefix}${name}` };
}
