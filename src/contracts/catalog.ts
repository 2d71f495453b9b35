import { SCHEMA_BASE, requestSchemaId, responseSchemaId } from './schema-ids.ts';
import type { HttpMethod, Identity, Operation, OperationRequest, ParamSource } from './types.ts';

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
const PUBLIC_READ = [0, 4] as const;
export const READ = [0, 2, 3, 4, 5, 8, 10, 12, 20] as const;
export const READ_BY_ID = [...READ, 6] as const;
export const OPERATION = [0, 1, 2, 3, 4, 5, 8, 9, 10, 20] as const;
const SESSION_OPERATION = [...OPERATION, 7] as const;

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
  readonly latencyBudgetMs?: number;
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
  });
}

// Collections are read with fields=* where the estate is small (a user's devices, skills, calls),
// so that probes check resource objects, not only URIs; estate-wide lists stay light.
export const ALL_FIELDS: OperationRequest = { query: { fields: '*' } };

/**
 * Schemas used outside the operation catalog: the CometD notification messages. They count as used
 * even though no catalog entry and no other schema refers to them.
 */
export const STANDALONE_SCHEMAS: readonly string[] = Object.freeze(
  ['message', 'device-state-change', 'channels-state-change'].map((name) => `${SCHEMA_BASE}notifications/${name}.json`),
);

/** Every operation the contracts cover, in the order the gate runs them. */
export const CATALOG: readonly Operation[] = Object.freeze([
  operation({
    method: 'GET', path: '/diagnostics/version', identity: 'none', statusCodes: PUBLIC_READ,
    summary: 'GWS version, no credentials needed [MAR]',
  }),
  operation({
    method: 'GET', path: '/me', identity: 'user', statusCodes: READ,
    summary: 'the authenticated user [IAR]',
  }),
  operation({
    method: 'POST', path: '/me', identity: 'user', statusCodes: SESSION_OPERATION, tags: ['session'],
    summary: 'StartContactCenterSession / EndContactCenterSession [SCCS, ECCS]',
    example: { body: { operationName: 'StartContactCenterSession', channels: ['voice'] } },
  }),
  operation({
    method: 'GET', path: '/me/channels', identity: 'user', statusCodes: READ, tags: ['agent-state'],
    summary: 'the agent\'s media channels and their states [CHANRES]', example: ALL_FIELDS,
  }),
  operation({
    method: 'GET', path: '/me/channels/voice', identity: 'user', statusCodes: READ, tags: ['agent-state', 'unconfirmed'],
    summary: 'the voice channel and its state (shape UNCONFIRMED)',
  }),
  operation({
    method: 'POST', path: '/me/channels/voice', identity: 'user', statusCodes: OPERATION, tags: ['agent-state'],
    summary: 'Ready, NotReady, AfterCallWork, AuxWork, Offline on voice [READY, NOTREADY, ACW, AUX, AgentStateOffline]',
    example: { body: { operationName: 'NotReady' } },
  }),
  operation({
    method: 'POST', path: '/me/channels/chat', identity: 'user', statusCodes: OPERATION, tags: ['agent-state'],
    summary: 'Ready, NotReady, Offline on chat [CHANOP850, AgentStateOffline]',
    example: { body: { operationName: 'NotReady' } },
  }),
  operation({
    method: 'POST', path: '/me/channels/email', identity: 'user', statusCodes: OPERATION, tags: ['agent-state'],
    summary: 'Ready, NotReady, Offline on email [CHANOP850, AgentStateOffline]',
    example: { body: { operationName: 'NotReady' } },
  }),
  operation({
    method: 'GET', path: '/me/devices', identity: 'user', statusCodes: READ, tags: ['agent-state'],
    summary: 'the agent\'s devices [REQPAR, DEVRES]', example: ALL_FIELDS,
  }),
  operation({
    method: 'GET', path: '/devices', identity: 'admin', statusCodes: READ,
    summary: 'all devices of the contact center, admin only [DEVLIST]',
  }),
  operation({
    method: 'GET', path: '/devices/{id}', identity: 'user', statusCodes: READ_BY_ID,
    summary: 'one device [DEVRES]',
    paramSources: { id: { operation: 'get-me-devices', pointer: '/devices/0/id', take: 'value' } },
  }),
  operation({
    method: 'GET', path: '/users', identity: 'user', statusCodes: READ,
    summary: 'users, as a field list [USERSAPI851, SUBRES]', example: { query: { fields: 'id,userName' } },
  }),
  operation({
    method: 'GET', path: '/users/{id}', identity: 'user', statusCodes: READ_BY_ID,
    summary: 'one user [USERRES]', paramSources: { id: FROM_ME_USER_ID },
  }),
  operation({
    method: 'GET', path: '/users/{id}/devices', identity: 'admin', statusCodes: READ_BY_ID,
    summary: 'a user\'s devices, admin only [DEVLIST]', example: ALL_FIELDS, paramSources: { id: FROM_ME_USER_ID },
  }),
  operation({
    method: 'GET', path: '/users/{id}/skills', identity: 'admin', statusCodes: READ_BY_ID,
    summary: 'a user\'s skills, admin only [SKILLS851]', example: ALL_FIELDS, paramSources: { id: FROM_ME_USER_ID },
  }),
  operation({
    method: 'GET', path: '/skills', identity: 'admin', statusCodes: READ,
    summary: 'all skills, admin only [SKILLS851]', example: ALL_FIELDS,
  }),
  operation({
    method: 'GET', path: '/skills/{id}', identity: 'admin', statusCodes: READ_BY_ID,
    summary: 'one skill, admin only [SKILLS851]',
    paramSources: { id: { operation: 'get-skills', pointer: '/skills/0/id', take: 'value' } },
  }),
  operation({
    method: 'GET', path: '/me/skills', identity: 'user', statusCodes: READ, tags: ['unconfirmed'],
    summary: 'the agent\'s skills (endpoint UNCONFIRMED)', example: ALL_FIELDS,
  }),
  operation({
    method: 'GET', path: '/me/calls', identity: 'user', statusCodes: READ,
    summary: 'the agent\'s calls [RECOVER]', example: ALL_FIELDS,
  }),
]);
