// The features resource and disabled features [src: Features 8.5.1]: GET /features lists the
// contact center's features, /system/features all of the system's; a feature turned off behaves as
// if it did not exist (reads 6, operations 2), and stays off across reset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/contracts/catalog.ts';
import { catalogFeatures, featuresFor } from '../../src/contracts/features.ts';
import { loadContracts, type Operation } from '../../src/contracts/index.ts';
import { ROUTE_FEATURES } from '../../src/simulator/features.ts';
import { buildSimulator, SimulatorOptionError, SYSTEM_FEATURES, validateDisabledFeatures } from '../../src/simulator/index.ts';
import { DEFAULT_RESOURCES } from '../../src/simulator/resources/index.ts';
import { ADMIN, APIUSER, eventually, expectEnvelopeError, KSIPPO, KSIPPO_ID, startSimulator, SUPERVISOR, type Answer, type Harness } from './harness.ts';

const contracts = loadContracts();
const KSIPPO_DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';
const SUPERVISOR_ID = '5e0f1a2b3c4d4e5f8a9b0c1d2e3f4a5b';

/** The answer judged against the operation's schema: no violation at all. */
function holds(operation: string, answer: Answer, query?: Record<string, string>): void {
  const verdict = contracts.judge(contracts.operation(operation), { httpStatus: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? '' }, rawBody: answer.text, body: answer.body, durationMs: 1 }, query === undefined ? {} : { request: { query } });
  expect(verdict.violations, `${operation}: ${answer.text}`).toEqual([]);
}

function refusedFor(answer: Answer, statusCode: 2 | 6, feature: string): void {
  expectEnvelopeError(answer, statusCode);
  expect(answer.status).toBe(statusCode === 6 ? 404 : 400);
  expect(answer.body['statusMessage']).toContain(`feature ${feature} is not enabled`);
}

describe('the features resource with every feature on', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startSimulator();
  });
  afterAll(() => h.close());

  it('GET /features lists every feature of the system as URIs, and as {"id":...} objects with fields=*', async () => {
    const uris = await h.call('GET', '/features', { auth: KSIPPO });
    expect(uris.body).toEqual({ statusCode: 0, uris: SYSTEM_FEATURES.map((f) => `${h.running.url}/features/${f}`) });
    holds('get-features', uris, {});
    const full = await h.call('GET', '/features?fields=*', { auth: KSIPPO });
    expect(full.body).toEqual({ statusCode: 0, features: SYSTEM_FEATURES.map((id) => ({ id })) });
    holds('get-features', full);
    const admin = await h.call('GET', '/features?fields=id', { auth: ADMIN });
    expect(admin.body['features']).toEqual(SYSTEM_FEATURES.map((id) => ({ id })));
  });

  it('has every feature a catalog entry names', () => {
    expect(SYSTEM_FEATURES).toEqual(expect.arrayContaining(catalogFeatures(CATALOG)));
    expect(SYSTEM_FEATURES).toEqual(expect.arrayContaining(['api-voice', 'api-multimedia', 'api-supervisor-monitoring', 'api-supervisor-agent-control']));
  });

  it('GET /features/{id} answers one feature in the feature wrapper; an unknown id is 6', async () => {
    const one = await h.call('GET', '/features/api-voice', { auth: KSIPPO });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ statusCode: 0, feature: { id: 'api-voice' } });
    holds('get-features-id', one);
    const unknown = await h.call('GET', '/features/api-teleport', { auth: KSIPPO });
    expectEnvelopeError(unknown, 6);
    expect(unknown.status).toBe(404);
    expect(unknown.body['statusMessage']).toBe('Feature api-teleport not found');
  });

  it('GET /system/features is a Contact Center Admin\'s: admin and API user read it, an agent gets the role denial', async () => {
    for (const auth of [ADMIN, APIUSER]) {
      const all = await h.call('GET', '/system/features?fields=*', { auth });
      expect(all.body).toEqual({ statusCode: 0, features: SYSTEM_FEATURES.map((id) => ({ id })) });
      holds('get-system-features', all);
    }
    const uris = await h.call('GET', '/system/features', { auth: ADMIN });
    expect(uris.body['uris']).toEqual(SYSTEM_FEATURES.map((f) => `${h.running.url}/features/${f}`));
    for (const auth of [KSIPPO, SUPERVISOR]) {
      const denied = await h.call('GET', '/system/features', { auth });
      expectEnvelopeError(denied, 5);
      expect(denied.status).toBe(403);
    }
    expectEnvelopeError(await h.call('GET', '/features'), 20);
    expectEnvelopeError(await h.call('POST', '/features', { auth: ADMIN, body: {} }), 6);
  });
});

describe('a feature turned off', () => {
  it('is left out of GET /features, stays in GET /system/features, and its /features/{id} is 6', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-multimedia', 'api-voice-recording'] });
    try {
      const enabled = SYSTEM_FEATURES.filter((f) => f !== 'api-multimedia' && f !== 'api-voice-recording');
      expect(h.simulator.features()).toEqual(enabled);
      expect((await h.call('GET', '/features?fields=*', { auth: KSIPPO })).body['features']).toEqual(enabled.map((id) => ({ id })));
      expect((await h.call('GET', '/features', { auth: KSIPPO })).body['uris']).toHaveLength(enabled.length);
      expect((await h.call('GET', '/system/features?fields=*', { auth: ADMIN })).body['features']).toEqual(SYSTEM_FEATURES.map((id) => ({ id })));
      const gone = await h.call('GET', '/features/api-multimedia', { auth: KSIPPO });
      expectEnvelopeError(gone, 6);
      expect(gone.body['statusMessage']).toBe('Feature api-multimedia not found');
    } finally {
      await h.close();
    }
  });

  it('makes the simulator refuse every catalog operation that needs it: reads with 6, operations with 2', async () => {
    // The example of every entry, and each operationName a shared path lists features of its own for.
    const requests: { op: Operation; body: unknown }[] = CATALOG.flatMap((op) => [
      { op, body: op.example.body },
      ...Object.keys(op.operationFeatures ?? {}).map((operationName) => ({ op, body: { ...(op.example.body as object), operationName } })),
    ]);
    const needing = (feature: string) => requests.filter(({ op, body }) => featuresFor(op, (body as { operationName?: string } | undefined)?.operationName).includes(feature));
    for (const feature of catalogFeatures(CATALOG)) {
      const h = await startSimulator({ disabledFeatures: [feature] });
      try {
        expect(needing(feature).length, feature).toBeGreaterThan(0);
        for (const { op, body } of needing(feature)) {
          const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => op.example.params?.[name] ?? 'x');
          const query = new URLSearchParams(op.example.query ?? {}).toString();
          const answer = await h.call(op.method, `${path}${query === '' ? '' : `?${query}`}`, {
            auth: op.identity === 'admin' ? ADMIN : KSIPPO,
            ...(body === undefined ? {} : { body }),
          });
          try {
            refusedFor(answer, op.readOnly ? 6 : 2, feature);
          } catch (error) {
            throw new Error(`${op.id} ${JSON.stringify(body) ?? ''} without ${feature}: ${(error as Error).message}`);
          }
        }
      } finally {
        await h.close();
      }
    }
  });

  it('never refuses an operation that needs no feature, even with every feature off', async () => {
    const h = await startSimulator({ disabledFeatures: [...SYSTEM_FEATURES] });
    try {
      expect((await h.call('GET', '/features', { auth: KSIPPO })).body).toEqual({ statusCode: 0, uris: [] });
      for (const op of CATALOG.filter((o) => o.requiredFeatures.length === 0)) {
        const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => op.example.params?.[name] ?? (name === 'id' && op.path.startsWith('/users') ? KSIPPO_ID : 'x'));
        const answer = await h.call(op.method, path, {
          ...(op.identity === 'none' ? {} : { auth: op.identity === 'admin' ? ADMIN : KSIPPO }),
          ...(op.example.headers === undefined ? {} : { headers: { ...op.example.headers } }),
          ...(op.example.body === undefined ? {} : { body: op.example.body }),
        });
        expect(answer.text, op.id).not.toMatch(/is not enabled/);
      }
    } finally {
      await h.close();
    }
  });

  it('without api-voice: no voice channel, no devices, no calls; StartContactCenterSession fails on voice alone and is partial with chat', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-voice'], asyncDelayMs: 0 });
    try {
      expect((await h.call('GET', '/me/channels', { auth: KSIPPO })).body['uris']).toEqual(['chat', 'email'].map((c) => `${h.running.url}/me/channels/${c}`));
      refusedFor(await h.call('GET', '/me/channels/voice', { auth: KSIPPO }), 6, 'api-voice');
      refusedFor(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } }), 2, 'api-voice');
      refusedFor(await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'NotReady' } }), 2, 'api-voice');
      refusedFor(await h.call('GET', `/devices/${KSIPPO_DEVICE}`, { auth: KSIPPO }), 6, 'api-voice');
      const me = (await h.call('GET', '/me?subresources=*', { auth: KSIPPO })).body['user'] as Record<string, unknown>;
      expect(me['devices']).toEqual([]);
      expect((me['channels'] as { channel: string }[]).map((c) => c.channel)).toEqual(['chat', 'email']);
      const users = (await h.call('GET', '/users?subresources=devices&fields=id,devices', { auth: KSIPPO })).body['users'] as { devices: unknown[] }[];
      expect(users.every((u) => u.devices.length === 0)).toBe(true);
      const voiceOnly = await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'StartContactCenterSession', channels: ['voice'] } });
      refusedFor(voiceOnly, 2, 'api-voice');
      expect(voiceOnly.body['statusMessage']).toBe('Channel voice is not available: feature api-voice is not enabled');
      const both = await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] } });
      expect(both.status).toBe(200);
      expect(both.body).toEqual({ statusCode: 7, statusMessage: 'Partial success: chat: ok; voice: failed (2, Channel voice is not available: feature api-voice is not enabled)' });
      await eventually(async () => ((await h.call('GET', '/me/channels/chat', { auth: KSIPPO })).body['channel'] as { userState: { state: string } }).userState.state === 'NotReady' || undefined);
      expect((await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'EndContactCenterSession' } })).body).toEqual({ statusCode: 0 });
    } finally {
      await h.close();
    }
  });

  it('without api-multimedia: only the voice channel; chat and email channels are gone, the Customer Chat API still takes requests', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-multimedia'] });
    try {
      const channels = (await h.call('GET', '/me/channels?fields=*', { auth: KSIPPO })).body['channels'] as { channel: string }[];
      expect(channels.map((c) => c.channel)).toEqual(['voice']);
      refusedFor(await h.call('GET', '/me/channels/chat', { auth: KSIPPO }), 6, 'api-multimedia');
      refusedFor(await h.call('POST', '/me/channels/email', { auth: KSIPPO, body: { operationName: 'Ready' } }), 2, 'api-multimedia');
      refusedFor(await h.call('POST', '/me/chats/x', { auth: KSIPPO, body: {} }), 2, 'api-multimedia');
      const chatOnly = await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'StartContactCenterSession', channels: ['chat'] } });
      refusedFor(chatOnly, 2, 'api-multimedia');
      const customer = await h.call('POST', '/chats', { headers: { ContactCenterId: 'cc' }, body: { operationName: 'RequestChat', nickname: 'Chris', subject: 'Help' } });
      expect(customer.body['statusCode']).toBe(0);
      // The control API cannot offer what the agent has no channel for.
      expect((await h.callOrigin('POST', '/__simulator/chats', { body: { user: 'ksippo' } })).body).toEqual({ error: 'user "ksippo" has no chat channel' });
      expect((await h.callOrigin('POST', '/__simulator/openmedia', { body: { user: 'ksippo' } })).body).toEqual({ error: 'feature api-multimedia is not enabled: no open-media item can be offered' });
    } finally {
      await h.close();
    }
  });

  it('without api-supervisor-monitoring: DND still works, ListenIn is refused with 2 and no device offers it', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-supervisor-monitoring'] });
    try {
      const device = (await h.call('GET', `/me/devices/${SUPERVISOR_DEVICE}`, { auth: SUPERVISOR })).body['device'] as { capabilities: string[] };
      expect(device.capabilities).toEqual(['DoNotDisturbOn', 'ForwardCallsOn']);
      for (const operationName of ['ListenIn', 'Coach', 'BargeIn', 'CancelSupervisorMonitoring']) {
        refusedFor(await h.call('POST', `/me/devices/${SUPERVISOR_DEVICE}`, { auth: SUPERVISOR, body: { operationName, targetDeviceUri: `${h.running.url}/devices/${KSIPPO_DEVICE}` } }), 2, 'api-supervisor-monitoring');
      }
      expect((await h.call('POST', `/me/devices/${SUPERVISOR_DEVICE}`, { auth: SUPERVISOR, body: { operationName: 'DoNotDisturbOn' } })).body).toEqual({ statusCode: 0 });
    } finally {
      await h.close();
    }
  });

  it('without api-supervisor-agent-control: a supervisor cannot set an agent\'s channel (2); an agent still gets the role denial first', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-supervisor-agent-control'] });
    try {
      for (const channel of ['voice', 'chat']) {
        refusedFor(await h.call('POST', `/users/${KSIPPO_ID}/channels/${channel}`, { auth: SUPERVISOR, body: { operationName: 'NotReady' } }), 2, 'api-supervisor-agent-control');
      }
      expectEnvelopeError(await h.call('POST', `/users/${SUPERVISOR_ID}/channels/voice`, { auth: KSIPPO, body: { operationName: 'NotReady' } }), 5);
      expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } })).body).toEqual({ statusCode: 0 });
    } finally {
      await h.close();
    }
  });

  it('without api-voice-recording: an established call offers no recording and StartCallRecording is refused with 2', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-voice-recording'], asyncDelayMs: 0 });
    try {
      expect((await h.call('POST', `/me/devices/${KSIPPO_DEVICE}/calls`, { auth: KSIPPO, body: { operationName: 'Dial', destination: { phoneNumber: '15002' } } })).body).toEqual({ statusCode: 0 });
      const call = await eventually(async () => {
        const calls = (await h.call('GET', '/me/calls?fields=*', { auth: KSIPPO })).body['calls'] as { id: string; state: string; capabilities: string[] }[] | undefined;
        return calls?.find((c) => c.state === 'Established');
      }, 5000, 'an established call');
      expect(call.capabilities).toContain('Hold');
      expect(call.capabilities.filter((c) => c.endsWith('CallRecording'))).toEqual([]);
      refusedFor(await h.call('POST', `/me/calls/${call.id}`, { auth: KSIPPO, body: { operationName: 'StartCallRecording' } }), 2, 'api-voice-recording');
      expect((await h.call('POST', `/me/calls/${call.id}`, { auth: KSIPPO, body: { operationName: 'Hangup' } })).body).toEqual({ statusCode: 0 });
    } finally {
      await h.close();
    }
  });

  it('stays off across reset, by the API and by the control API', async () => {
    const h = await startSimulator({ disabledFeatures: ['api-multimedia'] });
    try {
      h.simulator.reset();
      expect(h.simulator.features()).not.toContain('api-multimedia');
      expect((await h.call('GET', '/features?fields=*', { auth: KSIPPO })).body['features']).not.toContainEqual({ id: 'api-multimedia' });
      expect((await h.callOrigin('POST', '/__simulator/reset')).status).toBe(200);
      refusedFor(await h.call('GET', '/me/chats', { auth: KSIPPO }), 6, 'api-multimedia');
      expect(((await h.call('GET', '/me/channels?fields=*', { auth: KSIPPO })).body['channels'] as unknown[])).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('the disabledFeatures option', () => {
  it('takes features of the system, each once, in the system\'s order', () => {
    expect(validateDisabledFeatures([])).toEqual([]);
    expect(validateDisabledFeatures(['api-voice-recording', 'api-voice', 'api-voice'])).toEqual(['api-voice', 'api-voice-recording']);
    const simulator = buildSimulator({ disabledFeatures: ['api-voice-outbound', 'api-voice-outbound'] });
    expect(simulator.options.disabledFeatures).toEqual(['api-voice-outbound']);
    expect(simulator.features()).toEqual(SYSTEM_FEATURES.filter((f) => f !== 'api-voice-outbound'));
    simulator.dispose();
  });

  it('refuses an unknown feature with one line naming it and the known ones', () => {
    const known = SYSTEM_FEATURES.join(', ');
    expect(() => buildSimulator({ disabledFeatures: ['api-voice', 'api-teleport'] })).toThrow(new SimulatorOptionError(`feature "api-teleport" is not one of ${known}`));
    expect(() => buildSimulator({ disabledFeatures: [42 as unknown as string] })).toThrow(`feature 42 is not one of ${known}`);
    expect(() => buildSimulator({ disabledFeatures: 'api-voice' as unknown as string[] })).toThrow(`disabledFeatures must be an array of feature names (one of ${known})`);
  });
});

describe('the route decisions', () => {
  it('name only routes the simulator serves, with the method they serve', () => {
    const served = Object.values(DEFAULT_RESOURCES).flatMap((r) => r.routes.flatMap((route) => [...(route.get ? [`GET ${route.pattern}`] : []), ...(route.post ? [`POST ${route.pattern}`] : [])]));
    for (const key of Object.keys(ROUTE_FEATURES)) expect(served, key).toContain(key);
  });
});
