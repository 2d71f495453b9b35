/** Body mutations of the `mutate` fault, used to imitate vendor drift. */

export type MutationOp = 'add' | 'remove' | 'retype';

/** Pointer tokens that would reach an object's prototype instead of a member of the response body. */
export const UNSAFE_TOKENS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The decoded tokens of a JSON pointer (`/a~1b/c` → `a/b`, `c`). */
export function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A value of a different JSON type than `value`, so a schema's `type` keyword notices. */
export function retyped(value: unknown): unknown {
  if (typeof value === 'string') {
    const n = Number(value);
    return value.trim() !== '' && Number.isFinite(n) ? n : value.length;
  }
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 0;
  return JSON.stringify(value);
}

/**
 * Applies one mutation at a JSON pointer, in place. `add` sets the member (creating it, or appending
 * with `-` on arrays); `remove` deletes it; `retype` replaces it with `value` or with a value of another type.
 * Returns false when the pointer's parent does not exist.
 */
export function applyMutation(body: unknown, op: MutationOp, pointer: string, value?: unknown): boolean {
  const tokens = pointerTokens(pointer);
  if (tokens.some((token) => UNSAFE_TOKENS.has(token))) return false;
  const last = tokens.pop();
  if (last === undefined) return false;
  let parent: unknown = body;
  for (const token of tokens) {
    // Own members only: a pointer never walks into a prototype.
    if (typeof parent !== 'object' || parent === null || !Object.hasOwn(parent, token)) return false;
    parent = (parent as Record<string, unknown>)[token];
  }
  if (typeof parent !== 'object' || parent === null) return false;
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) return false;
    if (op === 'add') {
      parent.splice(index, 0, value ?? 'drift');
      return true;
    }
    if (index >= parent.length) return false;
    if (op === 'remove') parent.splice(index, 1);
    else parent[index] = value !== undefined ? value : retyped(parent[index]);
    return true;
  }
  const record = parent as Record<string, unknown>;
  if (op === 'add') {
    record[last] = value ?? 'drift';
    return true;
  }
  if (!Object.hasOwn(record, last)) return false;
  if (op === 'remove') delete record[last];
  else record[last] = value !== undefined ? value : retyped(record[last]);
  return true;
}
