/**
 * The schema files as components of a description document: each `$id` becomes a component name,
 * each `$ref` a local reference, and the annotation keywords (`x-exact`, `x-open-enum`, ...) stay.
 */
import { SCHEMA_BASE } from '../contracts/index.ts';

export type SchemaObject = Readonly<Record<string, unknown>>;
export type SchemaFiles = ReadonlyMap<string, SchemaObject>;

/** Keys whose values are data, not subschemas: a `$ref` inside them is a value. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'examples', 'default']);

export function isSchemaObject(value: unknown): value is SchemaObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `common/user.json` → `common.user`: a component name tools accept (`^[a-zA-Z0-9._-]+$`). */
export function componentName(id: string): string {
  const file = id.startsWith(SCHEMA_BASE) ? id.slice(SCHEMA_BASE.length) : id;
  return file.replace(/\.json$/, '').replace(/[^A-Za-z0-9._-]+/g, '.');
}

/** A `$ref` resolved against the `$id` of the file it is in: the file's `$id` and the fragment. */
export function resolveRef(ref: string, base: string): { readonly id: string; readonly fragment: string } {
  const url = new URL(ref, base);
  const fragment = url.hash === '' ? '' : decodeURIComponent(url.hash.slice(1));
  url.hash = '';
  return { id: url.href, fragment };
}

interface WalkRules {
  /** The new `$ref` for one found in the file. */
  readonly ref: (ref: string) => string;
  /** Drops `required` from resource objects (`x-resource`): the answer to a field list. */
  readonly partialResources?: boolean;
}

function walk(node: unknown, rules: WalkRules): unknown {
  if (Array.isArray(node)) return node.map((item) => walk(item, rules));
  if (!isSchemaObject(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema') continue;
    if (key === 'required' && rules.partialResources === true && typeof node['x-resource'] === 'string') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = rules.ref(value);
    else out[key] = DATA_KEYWORDS.has(key) ? value : walk(value, rules);
  }
  // A list narrowed by a rule across its items (`contains`) says nothing of the items themselves;
  // linters ask every array schema to say what its items are, and `{}` says "anything" as before.
  if (out['type'] === 'array' && !('items' in out)) out['items'] = {};
  // A `$ref` beside other keywords is an `allOf` member in 2020-12, but older dialects (AsyncAPI's
  // draft-07 schemas) and some tools ignore the siblings: `allOf` says the same to all of them.
  if (typeof out['$ref'] === 'string' && Object.keys(out).length > 1) {
    const { $ref, allOf, ...rest } = out;
    return { ...rest, allOf: [{ $ref }, ...(Array.isArray(allOf) ? (allOf as unknown[]) : [])] };
  }
  return out;
}

/** The suffix of a component's field-list variant: its resource objects without required attributes. */
export const FIELD_LIST_SUFFIX = '.fields';

/**
 * The schema file `id` as a component under `prefix` (`#/components/schemas/`): `$id` and
 * `$schema` dropped, every `$ref` pointing at the component of its file (a fragment kept).
 */
export function localSchema(files: SchemaFiles, id: string, prefix: string): Record<string, unknown> {
  const schema = files.get(id);
  if (schema === undefined) throw new Error(`unknown schema id "${id}"`);
  return localSchemaNode(files, schema, id, prefix);
}

/**
 * A part of the schema file `base`, its `$ref`s made local as in `localSchema`. With `fieldList`
 * (the files that hold a resource object), it is the field-list variant: resource objects lose their
 * required attributes and `$ref`s to those files name their variants.
 */
export function localSchemaNode(files: SchemaFiles, node: SchemaObject, base: string, prefix: string, fieldList?: ReadonlySet<string>): Record<string, unknown> {
  const local = walk(node, {
    ref: (ref) => {
      const target = resolveRef(ref, base);
      if (!files.has(target.id)) throw new Error(`schema ${componentName(base)}: $ref "${ref}" names no schema file`);
      const variant = fieldList?.has(target.id) === true ? FIELD_LIST_SUFFIX : '';
      return `${prefix}${componentName(target.id)}${variant}${target.fragment}`;
    },
    partialResources: fieldList !== undefined,
  });
  return local as Record<string, unknown>;
}

/** The schema files that hold a resource object (`x-resource`), themselves or through a `$ref`. */
export function resourceHolders(files: SchemaFiles): Set<string> {
  const refs = new Map<string, string[]>();
  const holders = new Set<string>();
  for (const [id, schema] of files) {
    const targets: string[] = [];
    let holds = false;
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      if (!isSchemaObject(node)) return;
      if (typeof node['x-resource'] === 'string') holds = true;
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') targets.push(resolveRef(value, id).id);
        else if (!DATA_KEYWORDS.has(key)) visit(value);
      }
    };
    visit(schema);
    refs.set(id, targets);
    if (holds) holders.add(id);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [id, targets] of refs) {
      if (!holders.has(id) && targets.some((target) => holders.has(target))) {
        holders.add(id);
        grew = true;
      }
    }
  }
  return holders;
}

/** The schema files `roots` refer to, directly or through others, the roots included, in order. */
export function reachableIds(files: SchemaFiles, roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visitFile = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    walk(files.get(id), {
      ref: (ref) => {
        const target = resolveRef(ref, id);
        if (files.has(target.id)) visitFile(target.id);
        return ref;
      },
    });
  };
  roots.forEach(visitFile);
  return [...seen];
}
