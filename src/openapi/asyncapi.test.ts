import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { SCHEMA_BASE } from '../contracts/index.ts';
import { CALL_OUTCOMES, CHAT_OUTCOMES, DEVICE_OUTCOMES, EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES, SUPERVISOR_OUTCOMES } from '../contracts/outcomes.ts';
import { contractSources } from '../contracts/description.ts';
import { asyncApiDocument } from './asyncapi.ts';
import { componentName } from './component-schemas.ts';

interface Message {
  readonly name: string;
  readonly payload: { readonly allOf: readonly { readonly $ref: string }[] };
  readonly examples?: readonly { readonly payload: unknown }[];
  readonly 'x-gwscheck-follows': readonly { readonly operationId: string; readonly operationName: string }[];
}
interface Document {
  readonly servers: Record<string, { host: string; pathname: string; protocol: string }>;
  readonly channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  readonly operations: Record<string, { action: string; channel: { $ref: string } }>;
  readonly components: { schemas: Record<string, unknown>; messages: Record<string, Message> };
}

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
const NOTIFICATIONS = `${SCHEMA_BASE}notifications/`;
const sources = contractSources();
const document = asyncApiDocument() as unknown as Document;
const notificationIds = [...sources.schemas.keys()].filter((id) => id.startsWith(NOTIFICATIONS));

describe('asyncApiDocument', () => {
  test('every notification schema is a component; each but the common envelope a message whose payload meets both', () => {
    expect(notificationIds.length).toBeGreaterThan(5);
    for (const id of notificationIds) {
      const name = componentName(id);
      expect(document.components.schemas[name], id).toBeDefined();
      if (id === `${NOTIFICATIONS}message.json`) continue;
      const message = document.components.messages[name];
      expect(message?.payload.allOf.map((p) => p.$ref), id).toEqual(['#/components/schemas/notifications.message', `#/components/schemas/${name}`]);
      const example = message?.examples?.[0]?.payload;
      expect(sources.validate(id, example), id).toEqual([]);
    }
  });

  test('each expected outcome: its message is on its topic and names the operation it follows', () => {
    const tables = [CALL_OUTCOMES, DEVICE_OUTCOMES, SUPERVISOR_OUTCOMES, CHAT_OUTCOMES, EMAIL_OUTCOMES, OPENMEDIA_OUTCOMES];
    for (const table of tables) {
      for (const [operationName, outcome] of Object.entries(table)) {
        const name = componentName(outcome.schema);
        const channel = Object.values(document.channels).find((c) => c.address === outcome.topic);
        expect(channel?.messages[name], `${operationName} on ${outcome.topic}`).toEqual({ $ref: `#/components/messages/${name}` });
        const follows = document.components.messages[name]?.['x-gwscheck-follows'] ?? [];
        expect(follows.map((f) => f.operationName), `${name} follows ${operationName}`).toContain(operationName);
      }
    }
    expect(document.components.messages['notifications.call-state-change']?.['x-gwscheck-follows']).toContainEqual(
      expect.objectContaining({ operationId: 'post-me-calls-id', operationName: 'Hold' }),
    );
    // Create is the collection's POST; Reply announces a new email on the same topic.
    expect(document.components.messages['notifications.email-state-change']?.['x-gwscheck-follows']).toEqual(expect.arrayContaining([
      expect.objectContaining({ operationId: 'post-me-emails', operationName: 'Create' }),
      expect.objectContaining({ operationId: 'post-me-emails-id', operationName: 'Reply' }),
    ]));
    expect(document.components.messages['notifications.openmedia-state-change']?.['x-gwscheck-follows']).toContainEqual(
      expect.objectContaining({ operationId: 'post-me-openmedia-mediatype', operationName: 'Create' }),
    );
    // The supervisor's Ready is the admin's operation, not the agent's own one of the same name.
    const ready = document.components.messages['notifications.channel-state-change-v2']?.['x-gwscheck-follows'].filter((f) => f.operationName === 'Ready');
    expect(ready?.map((f) => f.operationId)).toEqual(['post-users-id-channels-channel']);
  });

  test('one receive operation per channel; the server is the Bayeux endpoint of the API root', () => {
    for (const [key, channel] of Object.entries(document.channels)) {
      expect(Object.values(document.operations).filter((op) => op.action === 'receive' && op.channel.$ref === `#/channels/${key}`), channel.address).toHaveLength(1);
    }
    expect(document.servers['gws']).toMatchObject({ host: 'localhost:8090', pathname: '/api/v2/notifications', protocol: 'http' });
    const other = asyncApiDocument({ serverUrl: 'https://gws.example.com:8443/cloud-web/api/v2' }) as unknown as Document;
    expect(other.servers['gws']).toMatchObject({ host: 'gws.example.com:8443', pathname: '/cloud-web/api/v2/notifications', protocol: 'https' });
  });
});

describe('asyncApiDocument of another schemas directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gwscheck-asyncapi-schemas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a new notification schema is a new message on the topic it names', () => {
    cpSync(SCHEMAS_DIR, dir, { recursive: true });
    const base = JSON.parse(readFileSync(join(dir, 'notifications', 'device-state-change.json'), 'utf8')) as Record<string, unknown>;
    const added = {
      ...base,
      $id: `${NOTIFICATIONS}password-change.json`,
      title: 'PasswordChangeSuccessful on /v2/me',
      properties: { channel: { const: '/v2/me' }, data: { type: 'object', required: ['messageType'], properties: { messageType: { const: 'PasswordChangeSuccessful' } } } },
    };
    writeFileSync(join(dir, 'notifications', 'password-change.json'), JSON.stringify(added));
    const changed = asyncApiDocument({ schemasDir: dir }) as unknown as Document;
    expect(changed.components.messages['notifications.password-change']?.name).toBe('PasswordChangeSuccessful');
    expect(Object.values(changed.channels).find((c) => c.address === '/v2/me')?.messages).toHaveProperty('notifications.password-change');
    expect(document.components.messages['notifications.password-change']).toBeUndefined();
  });
});
