import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { StateAppliedEvent } from '../../src/simulator/types.ts';
import { APIUSER, eventually, expectEnvelopeError, KSIPPO, KSIPPO_ID, startSimulator, SUPERVISOR, voiceState, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const READY = { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' };
const NOT_READY = { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' };
const ACW = { id: 'D3663509-3D82-4DD3-A82E-2EA8EFA02AEF', displayName: 'AfterCallWork', state: 'NotReady', workMode: 'AfterCallWork' };
const AUX = { id: '2B36138D-C564-4562-A8CB-3C32D564F296', displayName: 'AuxWork', state: 'NotReady', workMode: 'AuxWork' };
const OFFLINE = { id: '0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB', displayName: 'Offline', state: 'LoggedOut' };

async function waitForVoice(harness: Harness, expected: Record<string, unknown>, auth = KSIPPO): Promise<void> {
  await eventually(async () => (JSON.stringify(await voiceState(harness, auth)) === JSON.stringify(expected) ? true : undefined), 5000, `voice state ${expected['displayName'] as string}`);
}

describe('voice agent-state operations', () => {
  it.each([
    ['Ready', {}, READY],
    ['Ready', { workmode: 'ManualIn' }, READY],
    ['Ready', { workmode: 'AutoIn' }, READY],
    ['AfterCallWork', { wrapUpTime: '0' }, ACW],
    ['AuxWork', {}, AUX],
  ])('%s %j answers exactly {"statusCode":0}, shows the old state until the delay passes, then the new one', async (op, extra, expected) => {
    h = await startSimulator({ asyncDelayMs: 300 });
    const harness = h;
    const applied = once(harness.simulator.events, 'state-applied') as Promise<[StateAppliedEvent]>;
    const reply = await harness.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: op, ...extra } });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"statusCode":0}');
    expect(await voiceState(harness)).toEqual(NOT_READY);
    const [event] = await applied;
    expect(event.userId).toBe(KSIPPO_ID);
    expect(event.devices[0]?.userState).toEqual(expected);
    expect(event.channels.find((c) => c.channel === 'voice')?.userState).toEqual(expected);
    await waitForVoice(harness, expected);
    const devices = await harness.call('GET', '/me/devices?fields=*', { auth: KSIPPO });
    expect((devices.body['devices'] as { userState: unknown }[])[0]?.userState).toEqual(expected);
  });

  it('NotReady after Ready: the Making a Request call, applied in order', async () => {
    h = await startSimulator({ asyncDelayMs: 20 });
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, READY);
    expect((await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'NotReady' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, NOT_READY);
  });

  it('Ready and NotReady posted to /me are accepted as voice operations', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    expect((await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, READY);
    expect((await h.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'NotReady' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, NOT_READY);
  });

  it('rejects bad parameters and operations without changing anything', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    let applied = 0;
    h.simulator.events.on('state-applied', () => (applied += 1));
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: {} }), 1);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Dance' } }), 2);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 42 } }), 2);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready', workmode: 'Sideways' } }), 10);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'AfterCallWork', wrapUpTime: 'soon' } }), 10);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, rawBody: '{"operationName":', headers: { 'Content-Type': 'application/json' } }), 10);
    expectEnvelopeError(await h.call('POST', '/me/channels/voice', { auth: KSIPPO, rawBody: '[1,2]' }), 10);
    expectEnvelopeError(await h.call('POST', '/me/channels/chat', { auth: KSIPPO, body: { operationName: 'AuxWork' } }), 2);
    expectEnvelopeError(await h.call('POST', '/me/channels/fax', { auth: KSIPPO, body: { operationName: 'Ready' } }), 6);
    expect(await voiceState(h)).toEqual(NOT_READY);
    // Operations apply in the order accepted: once a later valid one has applied, any earlier one would have too.
    const marker = once(h.simulator.events, 'state-applied') as Promise<[StateAppliedEvent]>;
    await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'AuxWork' } });
    expect((await marker)[0].devices[0]?.userState).toEqual(AUX);
    expect(applied).toBe(1);
  });

  it('answers 2 to an agent-state operation without a contact-center session, and changes nothing', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    const a = await h.call('POST', '/me/channels/voice', { auth: SUPERVISOR, body: { operationName: 'Ready' } });
    expectEnvelopeError(a, 2);
    expect(a.status).toBe(400);
    expect(await voiceState(h, SUPERVISOR)).toEqual(OFFLINE);
    expectEnvelopeError(await h.call('POST', '/me/channels/chat', { auth: KSIPPO, body: { operationName: 'Ready' } }), 2);
    expectEnvelopeError(await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'EndContactCenterSession' } }), 2);
  });
});

describe('Offline', () => {
  it.each(['voice', 'chat', 'email'])('Offline on %s answers {"statusCode":0} and logs that channel out, the others stay', async (channel) => {
    h = await startSimulator({ asyncDelayMs: 5 });
    const harness = h;
    await harness.call('POST', '/me', { auth: KSIPPO, body: { operationName: 'StartContactCenterSession', channels: ['voice', 'chat', 'email'] } });
    await eventually(async () => {
      const channels = (await harness.call('GET', '/me/channels?fields=*', { auth: KSIPPO })).body['channels'] as { userState: { state: string } }[];
      return channels.every((c) => c.userState.state === 'NotReady') ? true : undefined;
    }, 5000, 'all channels NotReady');
    const applied = once(harness.simulator.events, 'state-applied') as Promise<[StateAppliedEvent]>;
    const reply = await harness.call('POST', `/me/channels/${channel}`, { auth: KSIPPO, body: { operationName: 'Offline' } });
    expect(reply.text).toBe('{"statusCode":0}');
    const [event] = await applied;
    expect(event.channels.find((c) => c.channel === channel)?.userState).toEqual(OFFLINE);
    expect(event.channels.filter((c) => c.channel !== channel).map((c) => c.userState)).toEqual([NOT_READY, NOT_READY]);
    if (channel === 'voice') expect(event.devices[0]?.userState).toEqual(OFFLINE);
    const read = (await harness.call('GET', `/me/channels/${channel}`, { auth: KSIPPO })).body['channel'] as { userState: unknown };
    expect(read.userState).toEqual(OFFLINE);
    // Offline is always available, also on a channel that is already logged out.
    expect((await harness.call('POST', `/me/channels/${channel}`, { auth: KSIPPO, body: { operationName: 'Offline' } })).text).toBe('{"statusCode":0}');
  });

  it('a logged-out agent reads the Offline userState object on every channel and device', async () => {
    h = await startSimulator();
    const channels = (await h.call('GET', '/me/channels?fields=*', { auth: SUPERVISOR })).body['channels'] as { userState: unknown }[];
    expect(channels.map((c) => c.userState)).toEqual([OFFLINE, OFFLINE, OFFLINE]);
    const devices = (await h.call('GET', '/me/devices?fields=*', { auth: SUPERVISOR })).body['devices'] as { userState: unknown }[];
    expect(devices[0]?.userState).toEqual(OFFLINE);
  });
});

describe('contact-center session operations', () => {
  it('StartContactCenterSession logs in asynchronously (NotReady), then Ready works, EndContactCenterSession logs out', async () => {
    h = await startSimulator({ asyncDelayMs: 100 });
    const start = await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] } });
    expect(start.text).toBe('{"statusCode":0}');
    expect(await voiceState(h, SUPERVISOR)).toEqual(OFFLINE);
    await waitForVoice(h, NOT_READY, SUPERVISOR);
    const channels = (await h.call('GET', '/me/channels?fields=*', { auth: SUPERVISOR })).body['channels'] as { channel: string; userState: unknown }[];
    expect(channels.find((c) => c.channel === 'chat')?.userState).toEqual(NOT_READY);
    expect(channels.find((c) => c.channel === 'email')?.userState).toEqual(OFFLINE);

    expect((await h.call('POST', '/me/channels/chat', { auth: SUPERVISOR, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    expect((await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'EndContactCenterSession' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, OFFLINE, SUPERVISOR);
    const after = (await h.call('GET', '/me/channels?fields=*', { auth: SUPERVISOR })).body['channels'] as { userState: unknown }[];
    expect(after.every((c) => JSON.stringify(c.userState) === JSON.stringify(OFFLINE))).toBe(true);
  });

  it('accepts Ready right after StartContactCenterSession (validity follows accepted operations)', async () => {
    h = await startSimulator({ asyncDelayMs: 50 });
    await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['voice'] } });
    expect((await h.call('POST', '/me/channels/voice', { auth: SUPERVISOR, body: { operationName: 'Ready' } })).text).toBe('{"statusCode":0}');
    await waitForVoice(h, READY, SUPERVISOR);
  });

  it('answers 7 with the per-channel outcome when a requested channel fails, and applies the rest', async () => {
    h = await startSimulator({ asyncDelayMs: 5, fixtures: { ...(await import('../../src/simulator/seed.ts')).DEFAULT_FIXTURES, failingChannels: ['chat'] } });
    const a = await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] } });
    expect(a.status).toBe(200);
    expect(Object.keys(a.body).sort()).toEqual(['statusCode', 'statusMessage']);
    expect(a.body['statusCode']).toBe(7);
    expect(a.body['statusMessage']).toMatch(/voice: ok; chat: failed \(4, /);
    await waitForVoice(h, NOT_READY, SUPERVISOR);
    const chat = (await h.call('GET', '/me/channels/chat', { auth: SUPERVISOR })).body['channel'] as { userState: unknown };
    expect(chat.userState).toEqual(OFFLINE);
  });

  it('answers one plain error when every requested channel fails, and changes nothing', async () => {
    h = await startSimulator({ asyncDelayMs: 5, fixtures: { ...(await import('../../src/simulator/seed.ts')).DEFAULT_FIXTURES, failingChannels: ['chat', 'email'] } });
    const a = await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['chat', 'email'] } });
    expectEnvelopeError(a, 4);
    // statusCode 4 comes with HTTP 503 [src: ErrorHandling 8.5.2]
    expect(a.status).toBe(503);
    const unknown = await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['fax'] } });
    expectEnvelopeError(unknown, 2);
    expectEnvelopeError(await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: 'voice' } }), 10);
    const events: StateAppliedEvent[] = [];
    h.simulator.events.on('state-applied', (e: StateAppliedEvent) => events.push(e));
    await h.call('POST', '/me', { auth: SUPERVISOR, body: { operationName: 'StartContactCenterSession', channels: ['voice'] } });
    await waitForVoice(h, NOT_READY, SUPERVISOR);
    expect(events).toHaveLength(1);
    expect(events[0]?.channels.filter((c) => c.userState.state !== 'LoggedOut').map((c) => c.channel)).toEqual(['voice']);
  });

  it('reset() and POST /__simulator/reset restore the seed and drop pending operations', async () => {
    h = await startSimulator({ asyncDelayMs: 5 });
    await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'Ready' } });
    await waitForVoice(h, READY);
    h.simulator.reset();
    expect(await voiceState(h)).toEqual(NOT_READY);
    await h.call('POST', '/me/channels/voice', { auth: KSIPPO, body: { operationName: 'AuxWork' } });
    await waitForVoice(h, AUX);
    const r = await h.callOrigin('POST', '/__simulator/reset');
    expect(r.body).toEqual({ reset: true });
    expect(await voiceState(h)).toEqual(NOT_READY);
  });

  it('POST /__simulator/reset with fixtures puts them in place of the seed until the next reset', async () => {
    h = await startSimulator();
    const device = { id: 'a1b2c3d4-0000-4000-8000-00000000a9e1', phoneNumber: '5090' };
    const users = DEFAULT_FIXTURES.users.map((u) => (u.userName === 'apiuser' ? { ...u, device, channels: ['voice'] } : u));
    const devicesOf = async (): Promise<unknown> => (await h?.call('GET', '/me/devices?fields=*', { auth: APIUSER }))?.body['devices'];
    expect(await devicesOf()).toEqual([]);
    expect((await h.callOrigin('POST', '/__simulator/reset', { body: { fixtures: { ...DEFAULT_FIXTURES, users } } })).body).toEqual({ reset: true });
    expect(await devicesOf()).toEqual([expect.objectContaining(device)]);
    expect((await h.call('GET', '/me/channels/voice', { auth: APIUSER })).body['statusCode']).toBe(0);
    await h.callOrigin('POST', '/__simulator/reset');
    expect(await devicesOf()).toEqual([]);
  });

  it.each([
    ['not JSON', { rawBody: '{' }, 'request body is not valid JSON'],
    ['no fixtures key', { body: { users: [] } }, 'body must be empty or {"fixtures":{...}}'],
    ['invalid fixtures', { body: { fixtures: { users: [] } } }, 'fixtures/users: must NOT have fewer than 1 items'],
  ])('POST /__simulator/reset with %s: HTTP 400, one line, the state unchanged', async (_name, options, error) => {
    h = await startSimulator();
    const r = await h.callOrigin('POST', '/__simulator/reset', options);
    expect(r.status).toBe(400);
    expect(r.body['error']).toContain(error);
    expect(await voiceState(h)).toEqual(NOT_READY);
  });
});
