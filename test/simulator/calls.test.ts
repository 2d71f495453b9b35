// Call, device and supervisor control in the running simulator: operations answer at once and
// apply after the async delay, announced over CometD; the control API rings inbound calls.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'cometd';
import { loadContracts } from '../../src/contracts/index.ts';
import { SCHEMA_BASE } from '../../src/contracts/schema-ids.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { basic, connect, type TestClient } from '../notifications/bayeux-client.ts';

const KSIPPO = basic('ksippo', '');
const SUPERVISOR = basic('lsupervisor', 'supervisor');
const KSIPPO_ID = '63630bbebf4840d7a0bffd6312bc29ff';
const KSIPPO_DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';
const contracts = loadContracts();
const schema = (name: string) => `${SCHEMA_BASE}notifications/${name}.json`;

let simulator: Simulator;
let running: RunningSimulator;
const clients: TestClient[] = [];

async function rest(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${running.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function control(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${running.origin}/__simulator/${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function client(headers: Record<string, string>, subscription: string): Promise<TestClient> {
  const c = await connect(`${running.url}/notifications`, headers);
  clients.push(c);
  expect((await c.subscribe(subscription)).successful).toBe(true);
  return c;
}

const callOf = (message: Message) => (message.data as { call: Record<string, unknown> }).call;
const valid = (name: string, message: Message) => contracts.validate(schema(name), { channel: message.channel, data: message.data as unknown });

async function nextState(c: TestClient, state: string): Promise<Message> {
  for (;;) {
    const message = await c.next('/v2/me/calls');
    if (callOf(message)?.['state'] === state) return message;
  }
}

beforeEach(async () => {
  simulator = buildSimulator({ asyncDelayMs: 10 });
  running = await listen(simulator);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).filter((c) => !c.cometd.isDisconnected()).map((c) => c.disconnect()));
  await running.close();
  simulator.dispose();
});

describe('simulator call control', () => {
  it('dials the test number, holds, retrieves and hangs up, each announced and shown by GET', async () => {
    const calls = await client(KSIPPO, '/v2/me/calls');
    expect((await rest('POST', `/me/devices/${KSIPPO_DEVICE}/calls`, KSIPPO, { operationName: 'Dial', destination: { phoneNumber: '15002' } })).body).toEqual({ statusCode: 0 });
    const dialing = await nextState(calls, 'Dialing');
    expect(valid('call-state-change', dialing)).toEqual([]);
    const established = await nextState(calls, 'Established');
    const id = String(callOf(established)['id']);
    const list = await rest('GET', '/me/calls?fields=*', KSIPPO);
    expect(list.body).toMatchObject({ statusCode: 0, calls: [{ id, state: 'Established' }] });
    expect(contracts.validate(`${SCHEMA_BASE}operations/get-me-calls.response.json`, list.body)).toEqual([]);
    expect((await rest('GET', '/me/calls', KSIPPO)).body).toEqual({ statusCode: 0, uris: [`${running.url}/me/calls/${id}`] });
    expect((await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Hold' })).body).toEqual({ statusCode: 0 });
    expect(callOf(await nextState(calls, 'Held'))['capabilities']).toContain('Retrieve');
    const one = await rest('GET', `/me/calls/${id}`, KSIPPO);
    expect(one.body).toMatchObject({ call: { id, state: 'Held' } });
    expect(contracts.validate(`${SCHEMA_BASE}operations/get-me-calls-id.response.json`, one.body)).toEqual([]);
    await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Retrieve' });
    await nextState(calls, 'Established');
    await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Hangup' });
    await nextState(calls, 'Released');
    expect((await rest('GET', '/me/calls', KSIPPO)).body).toEqual({ statusCode: 0, uris: [] });
    // Hold on a released call: not valid for the current state [src: RV852].
    expect(await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Hold' })).toMatchObject({ status: 400, body: { statusCode: 2 } });
    expect(await rest('POST', '/me/calls/NOSUCHCALL', KSIPPO, { operationName: 'Hold' })).toMatchObject({ status: 404, body: { statusCode: 6 } });
  });

  it('rings an inbound call through the control API, which the agent answers', async () => {
    const calls = await client(KSIPPO, '/v2/me/calls');
    const rung = await control('POST', 'calls', { user: 'ksippo', from: '+15551234567', userData: { Case: '42' } });
    expect(rung.status).toBe(200);
    const id = String(rung.body['callId']);
    expect(callOf(await nextState(calls, 'Ringing'))).toMatchObject({ id, callType: 'Inbound', userData: { Case: '42' } });
    expect((await control('GET', 'calls')).body).toEqual({ calls: [{ userName: 'ksippo', id, state: 'Ringing' }] });
    await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Answer' });
    await nextState(calls, 'Established');
    expect(await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Answer' })).toMatchObject({ body: { statusCode: 2 } });
    expect((await control('POST', 'calls', { user: 'nobody', from: '1' })).status).toBe(404);
    expect((await control('POST', 'calls', { user: 'ksippo' })).status).toBe(400);
  });

  it('delivers a call through a queue from the control API, which the agent rejects; a direct call is refused Reject', async () => {
    const calls = await client(KSIPPO, '/v2/me/calls');
    const queued = await control('POST', 'calls', { user: 'ksippo', from: '+15551234567', queue: '9000' });
    const id = String(queued.body['callId']);
    expect(callOf(await nextState(calls, 'Ringing'))).toMatchObject({ id, dnis: '9000', capabilities: expect.arrayContaining(['Reject']) as unknown });
    expect((await rest('POST', `/me/calls/${id}`, KSIPPO, { operationName: 'Reject' })).body).toEqual({ statusCode: 0 });
    const released = await nextState(calls, 'Released');
    expect(callOf(released)).toMatchObject({ id, capabilities: [] });
    expect(valid('call-state-change', released)).toEqual([]);
    expect((await rest('GET', '/me/calls', KSIPPO)).body).toEqual({ statusCode: 0, uris: [] });
    const direct = String((await control('POST', 'calls', { user: 'ksippo', from: '+15551234567' })).body['callId']);
    await nextState(calls, 'Ringing');
    expect(await rest('POST', `/me/calls/${direct}`, KSIPPO, { operationName: 'Reject' })).toMatchObject({ status: 400, body: { statusCode: 2 } });
    expect((await control('POST', 'calls', { user: 'ksippo', from: '1', queue: 9000 })).status).toBe(400);
  });

  it('ends the calls with EndContactCenterSession and forgets them on reset', async () => {
    const calls = await client(KSIPPO, '/v2/me/calls');
    await control('POST', 'calls', { user: 'ksippo', from: '+15551234567' });
    await nextState(calls, 'Ringing');
    await rest('POST', '/me', KSIPPO, { operationName: 'EndContactCenterSession' });
    await nextState(calls, 'Released');
    await control('POST', 'calls', { user: 'ksippo', from: '+15551234567' });
    await nextState(calls, 'Ringing');
    await control('POST', 'reset');
    expect((await rest('GET', '/me/calls', KSIPPO)).body).toEqual({ statusCode: 0, uris: [] });
  });

  it('turns DND on and off with DeviceStateChangeMessages a later GET agrees with', async () => {
    const devices = await client(KSIPPO, '/v2/me/devices');
    expect((await rest('POST', `/me/devices/${KSIPPO_DEVICE}`, KSIPPO, { operationName: 'DoNotDisturbOn' })).body).toEqual({ statusCode: 0 });
    const on = await devices.next('/v2/me/devices');
    expect(valid('device-dnd-change', on)).toEqual([]);
    expect((on.data as { devices: unknown[] }).devices[0]).toMatchObject({ doNotDisturb: 'On', capabilities: expect.arrayContaining(['DoNotDisturbOff']) as unknown });
    const read = await rest('GET', `/me/devices/${KSIPPO_DEVICE}`, KSIPPO);
    expect(read.body).toMatchObject({ device: { doNotDisturb: 'On' } });
    expect(contracts.validate(`${SCHEMA_BASE}operations/get-me-devices-id.response.json`, read.body)).toEqual([]);
    await rest('POST', `/me/devices/${KSIPPO_DEVICE}`, KSIPPO, { operationName: 'ForwardCallsOn', destination: '5001' });
    const forwarding = await devices.next('/v2/me/devices');
    expect(valid('device-forwarding-change', forwarding)).toEqual([]);
    expect((forwarding.data as { devices: unknown[] }).devices[0]).toMatchObject({ forwardTo: '5001' });
    // Monitoring is for supervisors: an agent is refused with 5 [src: RV852 table].
    expect(await rest('POST', `/me/devices/${KSIPPO_DEVICE}`, KSIPPO, { operationName: 'ListenIn', targetDeviceUri: `${running.url}/devices/${SUPERVISOR_DEVICE}` }))
      .toMatchObject({ status: 403, body: { statusCode: 5 } });
  });

  it('lets a supervisor listen in on an agent\'s device and cancel it, announced with the monitoring state', async () => {
    const devices = await client(SUPERVISOR, '/v2/me/devices');
    const target = `${running.url}/devices/${KSIPPO_DEVICE}`;
    expect((await rest('POST', `/me/devices/${SUPERVISOR_DEVICE}`, SUPERVISOR, { operationName: 'ListenIn', targetDeviceUri: target })).body).toEqual({ statusCode: 0 });
    const listening = await devices.next('/v2/me/devices');
    expect(valid('device-state-change', listening)).toEqual([]);
    expect((listening.data as { devices: unknown[] }).devices[0]).toMatchObject({ supervisorMonitoringState: { state: 'ListenIn', targetDeviceUri: target } });
    expect((await rest('GET', `/me/devices/${SUPERVISOR_DEVICE}`, SUPERVISOR)).body).toMatchObject({ device: { capabilities: expect.arrayContaining(['CancelSupervisorMonitoring']) as unknown } });
    await rest('POST', `/me/devices/${SUPERVISOR_DEVICE}`, SUPERVISOR, { operationName: 'CancelSupervisorMonitoring' });
    await devices.next('/v2/me/devices');
    expect((await rest('GET', `/me/devices/${SUPERVISOR_DEVICE}`, SUPERVISOR)).body['device']).not.toHaveProperty('supervisorMonitoringState');
  });

  it('lets a supervisor set an agent NotReady and refuses an agent', async () => {
    const channels = await client(KSIPPO, '/v2/me/channels');
    expect((await rest('POST', `/users/${KSIPPO_ID}/channels/voice`, SUPERVISOR, { operationName: 'Ready' })).body).toEqual({ statusCode: 0 });
    const message = await channels.next('/v2/me/channels');
    expect(valid('channel-state-change-v2', message)).toEqual([]);
    const voice = (message.data as { channels: { channel: string; userState: { state: string } }[] }).channels.find((c) => c.channel === 'voice');
    expect(voice?.userState.state).toBe('Ready');
    expect(await rest('POST', `/users/${KSIPPO_ID}/channels/voice`, KSIPPO, { operationName: 'NotReady' })).toMatchObject({ status: 403, body: { statusCode: 5 } });
    expect((await rest('POST', `/users/${KSIPPO_ID}/channels/voice`, SUPERVISOR, { operationName: 'AuxWork' })).body).toMatchObject({ statusCode: 2 });
  });

  it('reports a Dial that fails after its ack as a Voice ErrorMessage under the dial-fails defect, set at runtime', async () => {
    const calls = await client(KSIPPO, '/v2/me/calls');
    expect((await control('PUT', 'defects', { defects: ['dial-fails'] })).status).toBe(200);
    expect((await rest('POST', `/me/devices/${KSIPPO_DEVICE}/calls`, KSIPPO, { operationName: 'Dial', destination: { phoneNumber: '15002' } })).body).toEqual({ statusCode: 0 });
    const error = await calls.next('/v2/me/calls');
    expect(error.data).toMatchObject({ messageType: 'ErrorMessage', errorCode: 4 });
    expect(valid('voice-error', error)).toEqual([]);
    expect((await rest('GET', '/me/calls', KSIPPO)).body).toEqual({ statusCode: 0, uris: [] });
  });

  it('refuses Dial under a status-code fault on the Dial route, as documented for the control API', async () => {
    expect((await control('POST', 'faults', { type: 'status-code', statusCode: 4, route: '/me/devices/*/calls', method: 'POST' })).status).toBe(200);
    expect(await rest('POST', `/me/devices/${KSIPPO_DEVICE}/calls`, KSIPPO, { operationName: 'Dial', destination: { phoneNumber: '15002' } })).toMatchObject({ status: 503, body: { statusCode: 4 } });
    expect((await rest('GET', `/me/devices/${KSIPPO_DEVICE}`, KSIPPO)).status).toBe(200);
  });
});
