import { CALL_CATALOG, CALL_NOTIFICATION_SCHEMAS } from './catalog-calls.ts';
import { CHAT_CATALOG, CHAT_NOTIFICATION_SCHEMAS } from './catalog-chats.ts';
import { EMAIL_CATALOG, EMAIL_NOTIFICATION_SCHEMAS } from './catalog-emails.ts';
import { SETTINGS_CATALOG } from './catalog-settings.ts';
import { ALL_FIELDS, FROM_ME_USER_ID, OPERATION, PUBLIC_READ, READ, READ_BY_ID, SESSION_OPERATION, UNCONFIRMED, operation, type Entry } from './catalog-entry.ts';
import { API_MULTIMEDIA, API_VOICE } from './features.ts';
import { SCHEMA_BASE } from './schema-ids.ts';
import type { Identity, Operation } from './types.ts';

export { DEFAULT_LATENCY_BUDGET_MS, UNCONFIRMED, operationId } from './catalog-entry.ts';

/**
 * Schemas used outside the operation catalog: the CometD notification messages. They count as used
 * even though no catalog entry and no other schema refers to them.
 */
export const STANDALONE_SCHEMAS: readonly string[] = Object.freeze(
  [...['message', 'device-state-change', 'channels-state-change'].map((name) => `${SCHEMA_BASE}notifications/${name}.json`), ...CALL_NOTIFICATION_SCHEMAS, ...CHAT_NOTIFICATION_SCHEMAS, ...EMAIL_NOTIFICATION_SCHEMAS],
);

/**
 * A GET entry: its statusCodes follow from the path [src: RV852 table]. Public reads meet only 0 and
 * 4; a lookup by id (a `{param}` in the path) may also meet 6.
 */
function read(path: string, identity: Identity, summary: string, more: Pick<Entry, 'tags' | 'example' | 'paramSources' | 'memberOf' | 'requiredFeatures'> = {}): Operation {
  const statusCodes = identity === 'none' ? PUBLIC_READ : path.includes('{') ? READ_BY_ID : READ;
  return operation({ method: 'GET', path, identity, statusCodes, summary, ...more });
}

/** The agent-state operations on one channel, with NotReady as the example [src: CHANOP850]. */
function agentStateOperation(channel: string, summary: string, requiredFeatures: readonly string[]): Operation {
  return operation({
    method: 'POST', path: `/me/channels/${channel}`, identity: 'user', statusCodes: OPERATION, tags: ['agent-state'],
    summary, example: { body: { operationName: 'NotReady' } }, requiredFeatures,
  });
}

// Required features [src: FEATURES]. Each entry carries those its page names; where the page names
// none (a resource page, not an operation page), a read of a Voice or multimedia resource carries
// the feature every operation page of that API section names, since without the feature the resource
// does not exist ("404 errors when relevant resources are accessed" [src: FEATURES]). Both kinds are
// listed in docs/contracts.md.
const VOICE = [API_VOICE] as const;
const MULTIMEDIA = [API_MULTIMEDIA] as const;

/** GET /features, /features/{id}, /system/features [src: FEATURES]; the feature attributes are not in the docs read (UNCONFIRMED). */
const FEATURE_READS: readonly Operation[] = [
  read('/features', 'user', 'the contact center\'s features: URIs, or the features with fields=* [FEATURES] (feature attributes UNCONFIRMED)', {
    tags: ['features', UNCONFIRMED], example: ALL_FIELDS,
  }),
  read('/features/{id}', 'user', 'one feature of the contact center [FEATURES] (its wrapper and attributes UNCONFIRMED)', {
    tags: ['features', UNCONFIRMED], paramSources: { id: { operation: 'get-features', pointer: '/features/0/id', take: 'value' } },
  }),
  read('/system/features', 'admin', 'every feature of the system, Contact Center Admin only [FEATURES] (feature attributes UNCONFIRMED)', {
    tags: ['features', UNCONFIRMED], example: ALL_FIELDS,
  }),
];

/** Every operation the contracts cover, in the order the gate runs them. */
export const CATALOG: readonly Operation[] = Object.freeze([
  read('/diagnostics/version', 'none', 'GWS version, no credentials needed [MAR]'),
  read('/me', 'user', 'the authenticated user [IAR]'),
  ...FEATURE_READS,
  ...SETTINGS_CATALOG,
  // Both pages: "Required features: api-voice" [src: SCCS, ECCS].
  operation({
    method: 'POST', path: '/me', identity: 'user', statusCodes: SESSION_OPERATION, tags: ['session'],
    summary: 'StartContactCenterSession / EndContactCenterSession [SCCS, ECCS]',
    example: { body: { operationName: 'StartContactCenterSession', channels: ['voice'] } },
    requiredFeatures: VOICE,
  }),
  read('/me/channels', 'user', 'the agent\'s media channels and their states [CHANRES]', { tags: ['agent-state'], example: ALL_FIELDS }),
  read('/me/channels/voice', 'user', 'the voice channel and its state (shape UNCONFIRMED)', {
    tags: ['agent-state', UNCONFIRMED],
    // A user without a voice channel (an API account) has none to read: GET /me/channels says so.
    memberOf: { operation: 'get-me-channels', pointer: '/channels', field: 'channel', value: 'voice' },
    requiredFeatures: VOICE,
  }),
  // The voice pages name api-voice [src: READY, NOTREADY, AgentStateOffline]; the chat and email
  // channels' page names no feature [src: CHANOP850]: they are the multimedia channels.
  agentStateOperation('voice', 'Ready, NotReady, AfterCallWork, AuxWork, Offline on voice [READY, NOTREADY, ACW, AUX, AgentStateOffline]', VOICE),
  agentStateOperation('chat', 'Ready, NotReady, Offline on chat [CHANOP850, AgentStateOffline]', MULTIMEDIA),
  agentStateOperation('email', 'Ready, NotReady, Offline on email [CHANOP850, AgentStateOffline]', MULTIMEDIA),
  // Devices are Voice API resources [src: DEVRES: "This resource is part of the Voice API section"].
  read('/me/devices', 'user', 'the agent\'s devices [REQPAR, DEVRES]', { tags: ['agent-state'], example: ALL_FIELDS, requiredFeatures: VOICE }),
  read('/devices', 'admin', 'all devices of the contact center, admin only [DEVLIST]', { requiredFeatures: VOICE }),
  read('/devices/{id}', 'user', 'one device [DEVRES]', { paramSources: { id: { operation: 'get-me-devices', pointer: '/devices/0/id', take: 'value' } }, requiredFeatures: VOICE }),
  read('/users', 'user', 'users, as a field list [USERSAPI851, SUBRES]', { example: { query: { fields: 'id,userName' } } }),
  read('/users/{id}', 'user', 'one user [USERRES]', { paramSources: { id: FROM_ME_USER_ID } }),
  read('/users/{id}/devices', 'admin', 'a user\'s devices, admin only [DEVLIST]', { example: ALL_FIELDS, paramSources: { id: FROM_ME_USER_ID }, requiredFeatures: VOICE }),
  read('/users/{id}/skills', 'admin', 'a user\'s skills, admin only [SKILLS851]', { example: ALL_FIELDS, paramSources: { id: FROM_ME_USER_ID } }),
  read('/skills', 'admin', 'all skills, admin only [SKILLS851]', { example: ALL_FIELDS }),
  read('/skills/{id}', 'admin', 'one skill, admin only [SKILLS851]', { paramSources: { id: { operation: 'get-skills', pointer: '/skills/0/id', take: 'value' } } }),
  read('/me/skills', 'user', 'the agent\'s skills (endpoint UNCONFIRMED)', { tags: [UNCONFIRMED], example: ALL_FIELDS }),
  read('/me/calls', 'user', 'the agent\'s calls [RECOVER]', { example: ALL_FIELDS, tags: ['call'], requiredFeatures: VOICE }),
  ...CALL_CATALOG,
  ...CHAT_CATALOG,
  ...EMAIL_CATALOG,
]);
