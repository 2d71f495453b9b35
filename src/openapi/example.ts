/**
 * Examples made from the schema files themselves, so that a description document's examples change
 * with the contracts: the smallest value the schema describes (its required attributes, one item
 * per list, the first value of an enum, the shortest string a pattern matches). The caller checks
 * every example against the schema with the contracts' validator and leaves out any that fails.
 */
import { isSchemaObject, resolveRef, type SchemaFiles, type SchemaObject } from './component-schemas.ts';
import { Conditions } from './conditions.ts';
import { patternSample } from './pattern-sample.ts';

/** A subschema and the `$id` its `$ref`s resolve against. */
interface Located {
  readonly schema: SchemaObject;
  readonly base: string;
}

export interface ExampleContext {
  readonly files: SchemaFiles;
  /** Absolute URIs in examples start with this: the document's server URL. */
  readonly serverUrl: string;
}

const PLACEHOLDER = 'string';
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** Deep enough for every schema of the catalog; a deeper one is cyclic and gets no example. */
const MAX_DEPTH = 16;
/** A conditional that flips its answer forever gets no example either. */
const MAX_ROUNDS = 8;

class NoExample extends Error {}

function located(schema: unknown, base: string): Located | undefined {
  if (schema === true) return { schema: {}, base };
  if (schema === false) throw new NoExample('false schema');
  return isSchemaObject(schema) ? { schema, base } : undefined;
}

function numbers(parts: readonly Located[], key: string): number[] {
  return parts.map((p) => p.schema[key]).filter((v): v is number => typeof v === 'number');
}

function strings(parts: readonly Located[], key: string): string[] {
  return parts.map((p) => p.schema[key]).filter((v): v is string => typeof v === 'string');
}

export class ExampleMaker {
  private readonly conditions = new Conditions();

  constructor(private readonly context: ExampleContext) {}

  /** The example of the schema file `id` narrowed by `narrowing` (same base), or undefined when none can be made. */
  example(id: string, narrowing: SchemaObject = {}): unknown {
    try {
      return this.sample([{ schema: { $ref: id, ...narrowing }, base: id }], 0);
    } catch (error) {
      if (error instanceof NoExample) return undefined;
      throw error;
    }
  }

  /** The schema with every `$ref` and `allOf` member (and the first `anyOf`/`oneOf` option) beside it. */
  private expand(parts: readonly Located[]): Located[] {
    const out: Located[] = [];
    const add = (part: Located | undefined, depth: number): void => {
      if (part === undefined || out.includes(part)) return;
      if (depth > MAX_DEPTH) throw new NoExample('too deep');
      out.push(part);
      const { schema, base } = part;
      if (typeof schema['$ref'] === 'string') {
        const target = resolveRef(schema['$ref'], base);
        const file = this.context.files.get(target.id);
        if (file === undefined) throw new NoExample(`unknown ${target.id}`);
        let node: unknown = file;
        for (const token of target.fragment.split('/').slice(1)) node = isSchemaObject(node) ? node[token.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
        add(located(node, target.id), depth + 1);
      }
      for (const member of Array.isArray(schema['allOf']) ? schema['allOf'] : []) add(located(member, base), depth + 1);
      for (const key of ['anyOf', 'oneOf']) {
        const options = schema[key];
        if (Array.isArray(options)) add(located(options[0], base), depth + 1);
      }
    };
    parts.forEach((part) => add(part, 0));
    return out;
  }

  private sample(parts: readonly Located[], depth: number): unknown {
    if (depth > MAX_DEPTH) throw new NoExample('too deep');
    let branches: Located[] = [];
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const all = this.expand([...parts, ...branches]);
      const value = this.generate(all, depth);
      const next: Located[] = [];
      for (const { schema, base } of all) {
        if (!isSchemaObject(schema['if'])) continue;
        const branch = located(this.conditions.holds(schema['if'], value) ? schema['then'] : schema['else'], base);
        if (branch !== undefined) next.push(branch);
      }
      const same = next.length === branches.length && next.every((b, i) => b.schema === branches[i]?.schema);
      if (same) return value;
      branches = next;
    }
    throw new NoExample('conditions do not settle');
  }

  private generate(parts: readonly Located[], depth: number): unknown {
    const withConst = parts.find((p) => 'const' in p.schema);
    if (withConst !== undefined) return withConst.schema['const'];
    const enums = parts.map((p) => p.schema['enum']).filter((e): e is unknown[] => Array.isArray(e));
    if (enums.length > 0) {
      const value = (enums[0] ?? []).find((v) => enums.every((e) => e.includes(v)));
      if (value === undefined) throw new NoExample('enums share no value');
      return value;
    }
    const examples = parts.map((p) => p.schema['examples']).find((e): e is unknown[] => Array.isArray(e) && e.length > 0);
    if (examples !== undefined) return examples[0];
    switch (this.typeOf(parts)) {
      case 'object':
        return this.object(parts, depth);
      case 'array':
        return this.array(parts, depth);
      case 'integer':
      case 'number':
        return Math.max(0, ...numbers(parts, 'minimum'), ...numbers(parts, 'exclusiveMinimum').map((n) => Math.floor(n) + 1));
      case 'boolean':
        return true;
      case 'null':
        return null;
      default:
        return this.string(parts);
    }
  }

  private typeOf(parts: readonly Located[]): string {
    const declared = parts
      .map((p) => p.schema['type'])
      .filter((t) => t !== undefined)
      .map((t) => (Array.isArray(t) ? t : [t]).filter((one): one is string => typeof one === 'string'));
    const common = declared.reduce<string[] | undefined>((acc, types) => (acc === undefined ? types : acc.filter((t) => types.includes(t) || (t === 'integer' && types.includes('number')))), undefined);
    if (common !== undefined) {
      if (common.length === 0) throw new NoExample('types conflict');
      return common.includes('integer') ? 'integer' : (common[0] ?? PLACEHOLDER);
    }
    const has = (...keys: string[]): boolean => parts.some((p) => keys.some((k) => k in p.schema));
    if (has('properties', 'required', 'additionalProperties')) return 'object';
    if (has('items', 'contains', 'minItems')) return 'array';
    if (has('minimum', 'maximum', 'exclusiveMinimum')) return 'number';
    return 'string';
  }

  private object(parts: readonly Located[], depth: number): Record<string, unknown> {
    const required = [...new Set(parts.flatMap((p) => (Array.isArray(p.schema['required']) ? p.schema['required'].map(String) : [])))];
    const out: Record<string, unknown> = {};
    for (const key of required) {
      const property = parts.flatMap((p) => {
        const properties = p.schema['properties'];
        const found = isSchemaObject(properties) ? located(properties[key], p.base) : undefined;
        return found === undefined ? [] : [found];
      });
      out[key] = property.length === 0 ? PLACEHOLDER : this.sample(property, depth + 1);
    }
    return out;
  }

  private array(parts: readonly Located[], depth: number): unknown[] {
    const items = parts.flatMap((p) => {
      const found = located(p.schema['items'], p.base);
      return found === undefined ? [] : [found];
    });
    const count = Math.max(items.length > 0 ? 1 : 0, ...numbers(parts, 'minItems'));
    // A list that must not contain a value loses it, and one that must contain a value gets it
    // (`not: {contains: {const: ...}}`, `contains: {const: ...}`: the rules across a list's items).
    const constOf = (node: unknown): unknown[] => (isSchemaObject(node) && 'const' in node ? [node['const']] : []);
    const excluded = parts.flatMap((p) => (isSchemaObject(p.schema['not']) ? constOf(p.schema['not']['contains']) : []));
    const out = Array.from({ length: count }, () => this.sample(items, depth + 1)).filter((item) => !excluded.includes(item));
    for (const value of parts.flatMap((p) => constOf(p.schema['contains']))) {
      if (!out.includes(value)) out.push(value);
    }
    return out;
  }

  private string(parts: readonly Located[]): string {
    const formats = strings(parts, 'format');
    const patterns = strings(parts, 'pattern');
    if (formats.includes('uuid')) return NIL_UUID;
    if (formats.includes('date-time')) return '1970-01-01T00:00:00Z';
    if (formats.includes('uri') || patterns.some((p) => p.startsWith('^https?:'))) {
      // An absolute URI: the server's, ending as the pattern that fixes its end says.
      const ending = patterns.filter((p) => !p.startsWith('^')).map(patternSample)[0] ?? '';
      return `${this.context.serverUrl.replace(/\/$/, '')}${ending}`;
    }
    if (patterns.length > 0) {
      const sample = patternSample(patterns[0] ?? '');
      if (sample === undefined) throw new NoExample('pattern');
      return sample;
    }
    const minLength = Math.max(0, ...numbers(parts, 'minLength'));
    return PLACEHOLDER.padEnd(minLength, PLACEHOLDER);
  }
}
