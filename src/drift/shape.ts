/** The observed shape of a response body: which attribute sits where, with which JSON type. */

export type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';

/**
 * What one operation's success bodies looked like. Attribute pointers are JSON pointers with every
 * array index generalised to `*` (`/devices/*\/userState/state`), so a list of ten devices and a list
 * of one give the same shape.
 */
export interface OperationShape {
  /** Generalised pointer → the JSON types seen there, sorted and joined by `|` (`null|string`). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Pointers of values in a list the docs call open (`x-open-enum`) → the values seen, sorted. */
  readonly enumValues: Readonly<Record<string, readonly string[]>>;
}

/** Operation id → its observed shape. */
export type OperationShapes = Readonly<Record<string, OperationShape>>;

/**
 * Says whether the string at a concrete pointer (`/user/roles/0`) belongs to an open list. The
 * answer is the same for every index of an array, so the caller may cache it by generalised pointer.
 */
export type OpenEnumTest = (pointer: string, generalised: string) => boolean;

export const EMPTY_SHAPE: OperationShape = Object.freeze({ attributes: Object.freeze({}), enumValues: Object.freeze({}) });

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return type;
  return 'object';
}

/** `/a/*\/b` → `/a/*`; a top-level attribute's parent is the body itself (''). */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function typeSet(types: string | undefined): Set<string> {
  return new Set(types === undefined || types === '' ? [] : types.split('|'));
}

function joinTypes(types: Iterable<string>): string {
  return [...new Set(types)].sort().join('|');
}

/** The shape of one body. The body itself is not an attribute; everything inside it is. */
export function observeShape(body: unknown, openEnum?: OpenEnumTest): OperationShape {
  const attributes = new Map<string, Set<string>>();
  const enumValues = new Map<string, Set<string>>();
  const visit = (value: unknown, concrete: string, generalised: string): void => {
    if (concrete !== '') {
      const seen = attributes.get(generalised) ?? new Set<string>();
      seen.add(jsonType(value));
      attributes.set(generalised, seen);
      if (typeof value === 'string' && openEnum?.(concrete, generalised) === true) {
        const values = enumValues.get(generalised) ?? new Set<string>();
        values.add(value);
        enumValues.set(generalised, values);
      }
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${concrete}/${index}`, `${generalised}/*`));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, `${concrete}/${escapeToken(key)}`, `${generalised}/${escapeToken(key)}`);
    }
  };
  visit(body, '', '');
  return freezeShape(attributes, enumValues);
}

function freezeShape(attributes: ReadonlyMap<string, Iterable<string>>, enumValues: ReadonlyMap<string, Iterable<string>>): OperationShape {
  const sortedKeys = <T>(map: ReadonlyMap<string, T>): string[] => [...map.keys()].sort();
  return {
    attributes: Object.fromEntries(sortedKeys(attributes).map((p) => [p, joinTypes(attributes.get(p) ?? [])])),
    enumValues: Object.fromEntries(sortedKeys(enumValues).map((p) => [p, [...new Set(enumValues.get(p) ?? [])].sort()])),
  };
}

/** The union of two shapes: every attribute of either, with every type and open-list value of both. */
export function mergeShape(a: OperationShape, b: OperationShape): OperationShape {
  const attributes = new Map<string, Set<string>>();
  const enumValues = new Map<string, Set<string>>();
  for (const shape of [a, b]) {
    for (const [pointer, types] of Object.entries(shape.attributes)) {
      const set = attributes.get(pointer) ?? new Set<string>();
      for (const t of typeSet(types)) set.add(t);
      attributes.set(pointer, set);
    }
    for (const [pointer, values] of Object.entries(shape.enumValues)) {
      const set = enumValues.get(pointer) ?? new Set<string>();
      for (const v of values) set.add(v);
      enumValues.set(pointer, set);
    }
  }
  return freezeShape(attributes, enumValues);
}

/** Merges per-operation shapes, e.g. those of every contract of a run. */
export function mergeShapes(a: OperationShapes, b: OperationShapes): OperationShapes {
  const out: Record<string, OperationShape> = { ...a };
  for (const [operation, shape] of Object.entries(b)) out[operation] = mergeShape(out[operation] ?? EMPTY_SHAPE, shape);
  return out;
}

/** The types of an attribute as a set (for comparisons). */
export function typesOf(shape: OperationShape, pointer: string): Set<string> {
  return typeSet(shape.attributes[pointer]);
}
