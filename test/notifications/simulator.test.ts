// The simulator's CometD endpoint, driven by the CometD project's own JavaScript client the way an
// agent desktop drives GWS: REST operations over HTTP, outcomes as notifications [src: COMETD, CODE-JS].
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'cometd';
import { buildSimulator, listen } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { NOTIFICATION_SCHEMA_IDS } from '../../src/notifications/index.ts';
import { basic, connect, handshake, newClient, type TestClient } from './bayeux-client.ts';

const KSIPPO = basic('ksippo', '');
const SUPERVISOR = basic('lsupervisor', 'supervisor');
const contracts = loadContracts();

let simulator: Simulator;
let running: RunningSimulator;
const clients: TestClient[] = [];

async function rest(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: Record<string, unknown>; cookie?: string }> {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ...(cookie === undefined ? {} : { cookie }) };
}

const voice = (headers: Record<string, string>, operationName: string) => rest('POST', '/me/channels/voice', headers, { operationName });

async function control(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${running.origin}/__simulator/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function client(headers: Record<string, string>, subscription = '/v2/me/*'): Promise<TestClient> {
  const c = await connect(`${running.url}/notifications`, headers);
  clients.push(c);
  expect((await c.subscribe(subscription)).successful).toBe(true);
  return c;
}

function userState(message: Message): unknown {
  return (message.data as { devices?: { userState?: unknown }[] }).devices?.[0]?.userState;
}

beforeEach(async () => {
  simulator = buildSimulator({ asyncDelayMs: 20 });
  running = await listen(simulator);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).filter((c) => !c.cometd.isDisconnected()).map((c) => c.disconnect()));
  await running.close();
  simulator.dispose();
});

describe('simulator notifications', () => {
  it('announces an accepted operation with the full device object a later GET shows', async () => {
    const agent = await client(KSIPPO);
    const ack = await voice(KSIPPO, 'Ready');
    expect(ack.body).toEqual({ statusCode: 0 });
    const message = await agent.next('/v2/me/devices');
    expect(userState(message)).toEqual({ id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' });
    expect(contracts.validate(NOTIFICATION_SCHEMA_IDS.deviceStateChange, { channel: message.channel, data: message.data as unknown })).toEqual([]);
    const read = await rest('GET', '/me/devices?fields=*', KSIPPO);
    expect((read.body['devices'] as unknown[])[0]).toEqual((message.data as { devices: unknown[] }).devices[0]);
    const channels = await agent.next('/v2/me/channels');
    expect(contracts.validate(NOTIFICATION_SCHEMA_IDS.channelsStateChange, { channel: channels.channel, data: channels.data as unknown })).toEqual([]);
    const voiceItem = (channels.data as { channels: { channel: string; userState: { state: string } }[] }).channels.find((c) => c.channel === 'voice');
    expect(voiceItem?.userState.state).toBe('Ready');
  });

  it('accepts the JSESSIONID of a REST call, refuses no credentials, and forgets the cookie after EndContactCenterSession', async () => {
    const me = await rest('GET', '/me', KSIPPO);
    const cookie = me.cookie ?? '';
    expect(cookie).toMatch(/^JSESSIONID=/);
    const bySession = await client({ Cookie: cookie });
    expect(bySession.cometd.getClientId()).toBeTruthy();
    const refused = await handshake(newClient(`${running.url}/notifications`, {}));
    expect(refused).toMatchObject({ successful: false, error: '403::handshake_denied' });
    expect((await rest('POST', '/me', { Cookie: cookie }, { operationName: 'EndContactCenterSession' })).body).toEqual({ statusCode: 0 });
    const afterEnd = await handshake(newClient(`${running.url}/notifications`, { Cookie: cookie }));
    expect(afterEnd.successful).toBe(false);
  });

  it('sends a change only to the user concerned', async () => {
    const agent = await client(KSIPPO, '/**');
    const supervisor = await client(SUPERVISOR, '/**');
    await voice(KSIPPO, 'Ready');
    await agent.next('/v2/me/devices');
    // The supervisor's own change comes after the agent's: had the agent's reached the supervisor, it would come first.
    expect((await rest('POST', '/me', SUPERVISOR, { operationName: 'StartContactCenterSession', channels: ['voice'] })).body).toEqual({ statusCode: 0 });
    const own = await supervisor.next('/v2/me/devices');
    expect(own.data).toMatchObject({ devices: [{ id: '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02' }] });
  });

  it('drops, delays and malforms notifications as the control API asks', async () => {
    const agent = await client(KSIPPO);
    await control('POST', 'faults', { type: 'notification-dropped', route: '/v2/me/devices', times: 1 });
    await voice(KSIPPO, 'Ready');
    // The channel message still comes; the device message does not.
    await agent.next('/v2/me/channels');
    await control('POST', 'faults', { type: 'notification-malformed', route: '/v2/me/devices', times: 1 });
    await voice(KSIPPO, 'NotReady');
    const malformed = await agent.next('/v2/me/devices');
    expect(userState(malformed)).toBe('NotReady');
    await control('POST', 'faults', { type: 'notification-delayed', route: '/v2/me/devices', delayMs: 150, times: 1 });
    const sent = Date.now();
    await voice(KSIPPO, 'Ready');
    const delayed = await agent.next('/v2/me/devices');
    expect(userState(delayed)).toMatchObject({ state: 'Ready' });
    expect(Date.now() - sent).toBeGreaterThanOrEqual(150);
    expect(agent.received.filter((m) => m.channel === '/v2/me/devices')).toHaveLength(2);
  });

  it('publishes nothing for an operation accepted but never applied', async () => {
    const agent = await client(KSIPPO);
    await control('POST', 'faults', { type: 'async-never-applied', route: '/me/channels/voice', times: 1 });
    expect((await voice(KSIPPO, 'Ready')).body).toEqual({ statusCode: 0 });
    expect((await voice(KSIPPO, 'AuxWork')).body).toEqual({ statusCode: 0 });
    const first = await agent.next('/v2/me/devices');
    expect(userState(first)).toMatchObject({ workMode: 'AuxWork' });
  });

  it('defects: wrong state, malformed, wrong user', async () => {
    const agent = await client(KSIPPO);
    const supervisor = await client(SUPERVISOR);
    await control('PUT', 'defects', { defects: ['notification-wrong-state'] });
    await voice(KSIPPO, 'Ready');
    expect(userState(await agent.next('/v2/me/devices'))).toMatchObject({ state: 'NotReady' });
    await control('PUT', 'defects', { defects: ['notification-malformed'] });
    await voice(KSIPPO, 'NotReady');
    expect(typeof userState(await agent.next('/v2/me/devices'))).toBe('string');
    await control('PUT', 'defects', { defects: ['notification-wrong-user'] });
    await voice(KSIPPO, 'Ready');
    expect((await supervisor.next('/v2/me/devices')).data).toMatchObject({ devices: [{ id: '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01' }] });
    expect(agent.received.filter((m) => m.channel === '/v2/me/devices')).toHaveLength(2);
  });

  it('serves the endpoint below another API prefix', async () => {
    await running.close();
    simulator.dispose();
    simulator = buildSimulator({ prefix: '/cloud-web/api/v2', asyncDelayMs: 20 });
    running = await listen(simulator);
    expect(running.url).toMatch(/\/cloud-web\/api\/v2$/);
    const agent = await client(KSIPPO);
    await voice(KSIPPO, 'Ready');
    expect(userState(await agent.next('/v2/me/devices'))).toMatchObject({ state: 'Ready' });
  });
});
