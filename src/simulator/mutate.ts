/** Body mutations of the `mutate` fault, used to imitate vendor drift. */

export type MutationOp = 'add' | 'remove' | 'retype';

function decode(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
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
  const tokens = pointer.split('/').slice(1).map(decode);
  const last = tokens.pop();
  if (last === undefined) return false;
  let parent: unknown = body;
  for (const token of tokens) {
    if (typeof parent !== 'object' || parent === null) return false;
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
  if (!(last in record)) return false;
  if (op === 'remove') delete record[last];
  else record[last] = value !== undefined ? value : retyped(record[last]);
  return true;
}
