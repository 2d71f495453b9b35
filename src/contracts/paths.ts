import type { Operation, ParamSource } from './types.ts';

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

function readPointer(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let node: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      node = /^\d+$/.test(token) ? node[Number(token)] : undefined;
    } else if (node !== null && typeof node === 'object') {
      node = (node as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * The value a `ParamSource` names in a response body, or undefined when the body does not hold one
 * (for example an empty `uris` collection).
 */
export function extractParam(source: ParamSource, body: unknown): string | undefined {
  const value = readPointer(body, source.pointer);
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
 * The example params of an operation, with every `paramSources` entry resolved through `fetchBody`
 * (which calls the named source operation with its own identity and returns the parsed body).
 * Values in `example.params` win over sources. Rejects with a one-line message naming the
 * operation, the parameter and the source when a value cannot be found.
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
    if (value === undefined) {
      throw new Error(
        `operation ${operation.id}: no value for "${name}" at ${source.pointer} in the response of ${source.operation}`,
      );
    }
    params[name] = value;
  }
  return params;
}
