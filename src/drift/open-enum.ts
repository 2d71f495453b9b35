import type { Violation } from '../contracts/index.ts';
import type { OpenEnumTest } from './shape.ts';

/** A value no list contains, so that validating it shows what kind of list the attribute is. */
const PROBE_VALUE = '\u0000gwscheck-unlisted';

function setAt(body: unknown, pointer: string, value: unknown): boolean {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = tokens.pop();
  let node: unknown = body;
  for (const token of tokens) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[token];
  }
  if (last === undefined || node === null || typeof node !== 'object') return false;
  (node as Record<string, unknown>)[last] = value;
  return true;
}

/**
 * Finds the attributes the schema marks as open lists (`x-open-enum`) by asking the schema itself:
 * the body is validated with one string replaced by a value no list holds, and only an open list
 * answers that with an additive `enum` violation at that pointer. No field names are listed here.
 * `cache` (generalised pointer → answer) belongs to one operation and may be kept across bodies.
 */
export function openEnumTest(body: unknown, validate: (value: unknown) => readonly Violation[], cache: Map<string, boolean>): OpenEnumTest {
  return (pointer, generalised) => {
    const known = cache.get(generalised);
    if (known !== undefined) return known;
    const copy = structuredClone(body);
    const open = setAt(copy, pointer, PROBE_VALUE) && validate(copy).some((v) => v.keyword === 'enum' && v.grade === 'additive' && v.pointer === pointer);
    cache.set(generalised, open);
    return open;
  };
}
