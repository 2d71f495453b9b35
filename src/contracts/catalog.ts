import { CALL_CATALOG, CALL_NOTIFICATION_SCHEMAS } from './catalog-calls.ts';
import { ALL_FIELDS, FROM_ME_USER_ID, OPERATION, PUBLIC_READ, READ, READ_BY_ID, SESSION_OPERATION, operation } from './catalog-entry.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { Operation } from './types.ts';

export { DEFAULT_LATENCY_BUDGET_MS, operationId } from './catalog-entry.ts';

/**
 * Schemas used outside the operation catalog: the CometD notification messages. They count as used
 * even though no catalog entry and no other schema refers to them.
 */
export const STANDALONE_SCHEMAS: readonly string[] = Object.freeze(
  [...['message', 'device-state-change', 'channels-state-change'].map((name) => `${SCHEMA_BASE}notifications/${name}.json`), ...CALL_NOTIFICATION_SCHEMAS],
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
    summary: 'the agent\'s calls [RECOVER]', example: ALL_FIELDS, tags: ['call'],
  }),
  ...CALL_CATALOG,
]);
