import type { MemberOf, Operation, ParamSource } from './types.ts';

const PARAM = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * The operation's path with every `{param}` replaced by its URI-encoded value.
 * Throws when a parameter has no value: that is a broken catalog or caller, not a server defect.
 */
export function expandPath(
  operation: Pick<Operation, 'id' | 'path'>,
  params: Readonly<Record<string, string>> = {},
): string {
  return operation.path.replace(PARAM, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new Error(`operation ${operation.id}: no value for path parameter "${name}" of ${operation.path}`);
    }
    return encodeURIComponent(value);
  });
}

/** Names of the `{params}` in a path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(PARAM)].map((m) => m[1] ?? '');
}

/** The value at a JSON pointer, and whether the walk ran past the end of an array on its way. */
function walkPointer(body: unknown, pointer: string): { readonly value: unknown; readonly pastEnd: boolean } {
  if (pointer === '') return { value: body, pastEnd: false };
  let node: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(token)) return { value: undefined, pastEnd: false };
      if (Number(token) >= node.length) return { value: undefined, pastEnd: true };
      node = node[Number(token)];
    } else if (node !== null && typeof node === 'object') {
      node = (node as Record<string, unknown>)[token];
    } else {
      return { value: undefined, pastEnd: false };
    }
  }
  return { value: node, pastEnd: false };
}

/**
 * The value a `ParamSource` names in a response body, or undefined when the body does not hold one
 * (for example an empty `uris` collection).
 */
export function extractParam(source: ParamSource, body: unknown): string | undefined {
  const { value } = walkPointer(body, source.pointer);
  if (typeof value !== 'string' || value === '') return undefined;
  if (source.take === 'value') return value;
  let path = value;
  try {
    path = new URL(value).pathname;
  } catch {
    // Not an absolute URI: take the segment of the string as it is.
  }
  const segment = path.replace(/\/+$/, '').split('/').pop();
  return segment === undefined || segment === '' ? undefined : decodeURIComponent(segment);
}

/**
 * Whether a collection answer lists the named resource (`memberOf`): true or false, or undefined
 * when the answer holds no list at the pointer.
 */
export function listsMember(memberOf: MemberOf, body: unknown): boolean | undefined {
  const { value: items } = walkPointer(body, memberOf.pointer);
  if (!Array.isArray(items)) return undefined;
  return items.some((item: unknown) => item !== null && typeof item === 'object' && (item as Record<string, unknown>)[memberOf.field] === memberOf.value);
}

/**
 * A `{param}` no source answer holds. `empty`: the pointer runs past the end of a collection (the
 * user has no device, the estate no skill), so there is nothing to address; otherwise the answer
 * lacks a value it should hold.
 */
export class MissingParamError extends Error {
  override readonly name = 'MissingParamError';
  constructor(
    readonly operation: string,
    readonly param: string,
    readonly source: ParamSource,
    readonly empty: boolean,
  ) {
    super(`operation ${operation}: no value for "${param}" at ${source.pointer} in the response of ${source.operation}`);
  }
}

/**
 * The example params of an operation, with every `paramSources` entry resolved through `fetchBody`
 * (which calls the named source operation with its own identity and returns the parsed body).
 * Values in `example.params` win over sources. Rejects with a MissingParamError, one line naming
 * the operation, the parameter and the source, when a value cannot be found.
 */
export async function resolveParams(
  operation: Operation,
  fetchBody: (sourceOperationId: string) => Promise<unknown>,
): Promise<Record<string, string>> {
  const params: Record<string, string> = { ...(operation.example.params ?? {}) };
  for (const [name, source] of Object.entries(operation.paramSources ?? {})) {
    if (params[name] !== undefined) continue;
    const body = await fetchBody(source.operation);
    const value = extractParam(source, body);
    if (value === undefined) throw new MissingParamError(operation.id, name, source, walkPointer(body, source.pointer).pastEnd);
    params[name] = value;
  }
  return params;
}
