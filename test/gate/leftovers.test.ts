// What an interrupted run undoes when no contract's finally could: the agent's calls, and the
// supervisor's monitoring and calls, as the target shows them afterwards.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hangUpLeftovers, undoSupervisorLeftovers } from '../../src/gate/leftovers.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';

const AGENT = { username: 'ksippo', password: '' };
const SUPERVISOR = { username: 'lsupervisor', password: 'supervisor' };
const AGENT_DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';
const OPTIONS = { timeoutMs: 2000, quietMs: 300, deadlineMs: 3000 };
let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await listen(buildSimulator({}), { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await simulator.close();
});

async function as(person: { username: string; password: string }, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Basic ${Buffer.from(`${person.username}:${person.password}`).toString('base64')}`, 'Content-Type': 'application/json' };
  const res = await fetch(`${simulator.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return (await res.json()) as Record<string, unknown>;
}

async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 3000;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

const monitoring = async () => ((await as(SUPERVISOR, 'GET', `/me/devices/${SUPERVISOR_DEVICE}`))['device'] as Record<string, unknown>)['supervisorMonitoringState'];
const calls = async (person: typeof AGENT) => (await as(person, 'GET', '/me/calls'))['uris'] as unknown[];

test('the supervisor\'s monitoring is cancelled and its call hung up; the agent\'s call too', async () => {
  const target = { baseUrl: simulator.url, user: AGENT, supervisor: SUPERVISOR };
  expect(await as(SUPERVISOR, 'POST', `/me/devices/${SUPERVISOR_DEVICE}/calls`, { operationName: 'Dial', destination: { phoneNumber: '5000' } })).toEqual({ statusCode: 0 });
  expect(await as(SUPERVISOR, 'POST', `/me/devices/${SUPERVISOR_DEVICE}`, { operationName: 'ListenIn', targetDeviceUri: `${simulator.url}/devices/${AGENT_DEVICE}` })).toEqual({ statusCode: 0 });
  expect(await settled(monitoring, (m) => m !== undefined)).toMatchObject({ state: 'ListenIn' });
  expect(await settled(() => calls(SUPERVISOR), (c) => c.length > 0)).toHaveLength(1);

  expect(await undoSupervisorLeftovers(target, OPTIONS)).toBeGreaterThanOrEqual(2);
  expect(await monitoring()).toBeUndefined();
  expect(await calls(SUPERVISOR)).toEqual([]);
  // The agent's leg of the supervisor's call went with it; whatever is left is the agent's to hang up.
  await hangUpLeftovers(target, OPTIONS);
  expect(await calls(AGENT)).toEqual([]);
});

test('without a configured supervisor there is nothing to undo', async () => {
  expect(await undoSupervisorLeftovers({ baseUrl: simulator.url, user: AGENT }, OPTIONS)).toBe(0);
});
