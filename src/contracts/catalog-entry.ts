/** The building blocks of catalog entries: ids, statusCode sets per kind of call, `operation()`. */
import { requestSchemaId, responseSchemaId } from './schema-ids.ts';
import type { HttpMethod, Identity, MemberOf, Operation, OperationRequest, ParamSource } from './types.ts';

/** Default latency budget of every operation, in milliseconds. */
export const DEFAULT_LATENCY_BUDGET_MS = 1000;

/** The stable operation id: method and path template, `{param}` kept by name (`get-users-id`). */
export function operationId(method: HttpMethod, path: string): string {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/^\{(.+)\}$/, '$1').toLowerCase());
  return [method.toLowerCase(), ...segments].join('-');
}

// statusCodes per kind of call [src: RV852 table]. Any authenticated call may meet 20 (not
// authenticated, IAR), 8 (password change demanded), 4 (internal error), 3/5 (forbidden / no
// permission); reads may meet 12 (unable to retrieve) and 10/2 for bad query values; lookups by
// id may meet 6. Operations add 1 (missing operationName), 2 (invalid in the current state) and 9.
export const PUBLIC_READ = [0, 4] as const;
export const READ = [0, 2, 3, 4, 5, 8, 10, 12, 20] as const;
export const READ_BY_ID = [...READ, 6] as const;
export const OPERATION = [0, 1, 2, 3, 4, 5, 8, 9, 10, 20] as const;
export const SESSION_OPERATION = [...OPERATION, 7] as const;

/** Tag of the endpoints or shapes the GWS documentation does not describe. */
export const UNCONFIRMED = 'unconfirmed';

export const FROM_ME_USER_ID: ParamSource = { operation: 'get-me', pointer: '/user/id', take: 'value' };

/** One catalog entry as written; `operation()` derives id, schemas, read-only and tags from it. */
export interface Entry {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly identity: Identity;
  readonly statusCodes: readonly number[];
  readonly tags?: readonly string[];
  readonly example?: OperationRequest;
  readonly paramSources?: Readonly<Record<string, ParamSource>>;
  readonly memberOf?: MemberOf;
  readonly latencyBudgetMs?: number;
  /** "Required Features" of the operation's page (default none). */
  readonly requiredFeatures?: readonly string[];
  /** The features of the operationNames whose own pages name others than `requiredFeatures`. */
  readonly operationFeatures?: Readonly<Record<string, readonly string[]>>;
}

export function operation(entry: Entry): Operation {
  const id = operationId(entry.method, entry.path);
  const readOnly = entry.method === 'GET';
  const tags = [
    readOnly ? 'read-only' : 'changes-state',
    ...(entry.identity === 'admin' ? ['admin'] : []),
    ...(entry.identity === 'none' ? ['public'] : []),
    ...(entry.tags ?? []),
  ];
  return Object.freeze({
    id,
    method: entry.method,
    path: entry.path,
    summary: entry.summary,
    identity: entry.identity,
    ...(readOnly ? {} : { requestSchema: requestSchemaId(id) }),
    responseSchema: responseSchemaId(id),
    statusCodes: Object.freeze([...entry.statusCodes]),
    latencyBudgetMs: entry.latencyBudgetMs ?? DEFAULT_LATENCY_BUDGET_MS,
    readOnly,
    tags: Object.freeze(tags),
    example: Object.freeze(entry.example ?? {}),
    ...(entry.paramSources === undefined ? {} : { paramSources: Object.freeze({ ...entry.paramSources }) }),
    ...(entry.memberOf === undefined ? {} : { memberOf: Object.freeze({ ...entry.memberOf }) }),
    requiredFeatures: Object.freeze([...(entry.requiredFeatures ?? [])]),
    ...(entry.operationFeatures === undefined
      ? {}
      : { operationFeatures: Object.freeze(Object.fromEntries(Object.entries(entry.operationFeatures).map(([name, features]) => [name, Object.freeze([...features])]))) }),
  });
}

// Collections are read with fields=* where the estate is small (a user's devices, skills, calls),
// so that probes check resource objects, not only URIs; estate-wide lists stay light.
export const ALL_FIELDS: OperationRequest = { query: { fields: '*' } };

