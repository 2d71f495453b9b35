import { describe, expect, it } from 'vitest';
import { CATALOG, DEFAULT_LATENCY_BUDGET_MS, operationId } from './catalog.ts';
import { loadContracts } from './load.ts';
import { expandPath, extractParam, pathParams, resolveParams } from './paths.ts';
import { STATUS_HTTP, httpStatusesFor } from './status-http.ts';

const contracts = loadContracts();

// The endpoints the simulator serves, as method and path template.
const SERVED = [
  'GET /diagnostics/version',
  'GET /me',
  'POST /me',
  'GET /me/channels',
  'GET /me/channels/voice',
  'POST /me/channels/voice',
  'POST /me/channels/chat',
  'POST /me/channels/email',
  'GET /me/devices',
  'GET /devices',
  'GET /devices/{id}',
  'GET /users',
  'GET /users/{id}',
  'GET /users/{id}/devices',
  'GET /users/{id}/skills',
  'GET /skills',
  'GET /skills/{id}',
  'GET /me/skills',
  'GET /me/calls',
  'GET /me/calls/{id}',
  'POST /me/calls/{id}',
  'GET /me/devices/{id}',
  'POST /me/devices/{id}',
  'POST /me/devices/{id}/calls',
  'POST /users/{id}/channels/{channel}',
  'GET /users/{id}/skills/{skillId}',
  'GET /me/chats',
  'GET /me/chats/{id}/messages',
  'POST /me/chats/{id}',
  'POST /chats',
  'GET /chats/{id}',
  'GET /chats/{id}/messages',
  'POST /chats/{id}',
  'GET /me/emails',
  'POST /me/emails',
  'POST /me/emails/{id}',
  'GET /me/openmedia/{mediaType}',
  'POST /me/openmedia/{mediaType}',
  'POST /me/openmedia/{mediaType}/{id}',
  'GET /features',
  'GET /features/{id}',
  'GET /system/features',
  'GET /settings',
  'GET /settings/general-settings',
  'GET /settings/agent-states',
];

describe('catalog', () => {
  it('covers every endpoint the simulator serves, once', () => {
    expect(CATALOG.map((op) => `${op.method} ${op.path}`).sort()).toEqual([...SERVED].sort());
  });

  it('forms each id from method and path template', () => {
    expect(CATALOG.map((op) => op.id)).toEqual(CATALOG.map((op) => operationId(op.method, op.path)));
    expect(operationId('GET', '/diagnostics/version')).toBe('get-diagnostics-version');
    expect(operationId('POST', '/me/channels/voice')).toBe('post-me-channels-voice');
    expect(operationId('GET', '/users/{id}')).toBe('get-users-id');
  });

  it('marks reads read-only and operations state-changing, with tags to select them', () => {
    for (const op of CATALOG) {
      expect(op.readOnly, op.id).toBe(op.method === 'GET');
      expect(op.tags.includes('read-only'), op.id).toBe(op.readOnly);
      expect(op.tags.includes('admin'), op.id).toBe(op.identity === 'admin');
      expect(op.statusCodes, op.id).toContain(0);
      expect(op.latencyBudgetMs).toBe(DEFAULT_LATENCY_BUDGET_MS);
      if (op.identity !== 'none') expect(op.statusCodes, op.id).toContain(20);
    }
    expect(contracts.operation('get-diagnostics-version').identity).toBe('none');
    expect(contracts.operation('post-me').tags).toContain('session');
    expect(contracts.operation('post-me-channels-voice').tags).toContain('agent-state');
    expect(contracts.operation('post-me').statusCodes).toContain(7);
  });

  it('has an example body for every operation that meets its request schema', () => {
    for (const op of CATALOG.filter((o) => o.requestSchema !== undefined)) {
      expect(op.example.body, op.id).toBeDefined();
      expect(contracts.validate(op.requestSchema ?? '', op.example.body), op.id).toEqual([]);
    }
  });

  it('request schemas hold the documented operations and refuse the rest', () => {
    const voice = contracts.operation('post-me-channels-voice').requestSchema ?? '';
    for (const body of [
      { operationName: 'Ready' },
      { operationName: 'Ready', workmode: 'AutoIn' },
      { operationName: 'NotReady' },
      { operationName: 'AfterCallWork', wrapUpTime: '0' },
      { operationName: 'AuxWork' },
    ]) {
      expect(contracts.validate(voice, body), JSON.stringify(body)).toEqual([]);
    }
    for (const body of [{}, { operationName: 'Dance' }, { operationName: 'NotReady', workmode: 'AutoIn' }, { operationName: 'Ready', workmode: 'Manual' }]) {
      expect(contracts.validate(voice, body), JSON.stringify(body)).not.toEqual([]);
    }
    const me = contracts.operation('post-me').requestSchema ?? '';
    expect(contracts.validate(me, { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'], place: 'p1' })).toEqual([]);
    expect(contracts.validate(me, { operationName: 'EndContactCenterSession' })).toEqual([]);
    expect(contracts.validate(me, { operationName: 'EndContactCenterSession', channels: ['voice'] })).not.toEqual([]);
    expect(contracts.validate(me, { operationName: 'Ready' })).not.toEqual([]);
    const chat = contracts.operation('post-me-channels-chat').requestSchema ?? '';
    expect(contracts.validate(chat, { operationName: 'Ready' })).toEqual([]);
    expect(contracts.validate(chat, { operationName: 'AuxWork' })).not.toEqual([]);
  });

  it('says where every path parameter comes from, through read-only operations of the catalog', () => {
    for (const op of CATALOG) {
      for (const name of pathParams(op.path)) {
        const source = op.paramSources?.[name];
        expect(source ?? op.example.params?.[name], `${op.id} {${name}}`).toBeDefined();
        if (source === undefined) continue;
        const from = contracts.operation(source.operation);
        expect(from.readOnly, `${op.id} ← ${from.id}`).toBe(true);
        // A source's own params are fixed by its example (an open-media read's mediaType), never found through another source.
        expect(pathParams(from.path).filter((param) => from.example.params?.[param] === undefined), `${from.id} needs no params from another source itself`).toEqual([]);
      }
    }
  });
});

describe('paths', () => {
  it('expands a template with encoded values and refuses a missing one', () => {
    const op = contracts.operation('get-users-id');
    expect(expandPath(op, { id: '63630bbebf4840d7a0bffd6312bc29ff' })).toBe('/users/63630bbebf4840d7a0bffd6312bc29ff');
    expect(expandPath(op, { id: 'a/b c' })).toBe('/users/a%2Fb%20c');
    expect(() => expandPath(op, {})).toThrow('operation get-users-id: no value for path parameter "id" of /users/{id}');
    expect(expandPath(contracts.operation('get-me'))).toBe('/me');
  });

  it('extracts a value or the last segment of a URI', () => {
    expect(extractParam({ operation: 'get-me', pointer: '/user/id', take: 'value' }, { user: { id: 'abc' } })).toBe('abc');
    const uris = { uris: ['http://h:8080/cloud-web/api/v2/devices/74152ed8-3b9c-4a55-a4b0-0c4b0f1d9e21/'] };
    expect(extractParam({ operation: 'get-me-devices', pointer: '/uris/0', take: 'last-segment' }, uris)).toBe(
      '74152ed8-3b9c-4a55-a4b0-0c4b0f1d9e21',
    );
    expect(extractParam({ operation: 'x', pointer: '/uris/0', take: 'value' }, { uris: [] })).toBeUndefined();
    expect(extractParam({ operation: 'x', pointer: '/a~1b', take: 'value' }, { 'a/b': 'v' })).toBe('v');
  });

  it('resolves example params through the source operations, and names what is missing', async () => {
    const calls: string[] = [];
    const bodies: Record<string, unknown> = {
      'get-me': { statusCode: 0, user: { id: '63630bbebf4840d7a0bffd6312bc29ff' } },
      'get-me-devices': { statusCode: 0, devices: [] },
    };
    const fetchBody = (id: string): Promise<unknown> => {
      calls.push(id);
      return Promise.resolve(bodies[id]);
    };
    expect(await resolveParams(contracts.operation('get-users-id'), fetchBody)).toEqual({ id: '63630bbebf4840d7a0bffd6312bc29ff' });
    expect(calls).toEqual(['get-me']);
    await expect(resolveParams(contracts.operation('get-devices-id'), fetchBody)).rejects.toThrow(
      'operation get-devices-id: no value for "id" at /devices/0/id in the response of get-me-devices',
    );
  });
});

describe('STATUS_HTTP', () => {
  it('is the decisions table', () => {
    expect(STATUS_HTTP[0]).toBe(200);
    for (const code of [1, 2, 10, 11]) expect(STATUS_HTTP[code]).toBe(400);
    for (const code of [3, 5, 20]) expect(STATUS_HTTP[code]).toBe(403);
    expect(STATUS_HTTP[6]).toBe(404);
    expect(STATUS_HTTP[4]).toBe(503);
    for (const code of [12, 13, 14, 15, 16, 17]) expect(STATUS_HTTP[code]).toBe(500);
    for (const code of [18, 19]) expect(STATUS_HTTP[code]).toBe(409);
    for (const code of [7, 9]) expect(STATUS_HTTP[code]).toBe(200);
    expect(STATUS_HTTP[8]).toBeUndefined();
    expect(httpStatusesFor(20)).toEqual([401, 403]);
    expect(httpStatusesFor(8)).toBeUndefined();
  });
});
