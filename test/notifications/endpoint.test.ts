import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from 'cometd';
import { basic, connect, handshake, newClient, type TestClient } from './bayeux-client.ts';
import { AGENT, AGENT_DEVICE, OTHER, OTHER_DEVICE, SUPERVISOR, applied, startHarness, type Harness } from './harness.ts';
import type { NotificationFault } from '../../src/simulator/notifications/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { NOTIFICATION_SCHEMA_IDS } from '../../src/notifications/index.ts';

const contracts = loadContracts();

/** Schema violations of a received message, as one line each. */
function violations(schema: keyof typeof NOTIFICATION_SCHEMA_IDS, message: Message): string[] {
  const data: unknown = message.data;
  return contracts.validate(NOTIFICATION_SCHEMA_IDS[schema], { channel: message.channel, data }).map((v) => v.message);
}

let harness: Harness;
const clients: TestClient[] = [];

async function agent(headers = basic(AGENT.userName, AGENT.password)): Promise<TestClient> {
  const client = await connect(harness.notificationsUrl, headers);
  clients.push(client);
  return client;
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function state(message: Message): string | undefined {
  return (message.data as { devices?: { userState?: { state?: string } }[] }).devices?.[0]?.userState?.state;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).filter((c) => !c.cometd.isDisconnected()).map((c) => c.disconnect()));
  await harness.close();
});

describe('handshake and authentication', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('accepts a handshake with Basic credentials, including an empty password', async () => {
    const reply = await handshake(newClient(harness.notificationsUrl, basic(AGENT.userName, '')));
    expect(reply.successful).toBe(true);
    expect(reply.clientId).toMatch(/^[0-9a-f]+$/);
    expect(reply.supportedConnectionTypes).toContain('long-polling');
    await until(() => harness.endpoint.sessionCount === 1);
  });

  it('accepts a handshake with the session cookie alone', async () => {
    const reply = await handshake(newClient(harness.notificationsUrl, { Cookie: 'JSESSIONID=sess-agent' }));
    expect(reply.successful).toBe(true);
  });

  it('refuses a handshake without credentials, with wrong ones and with an unknown session cookie', async () => {
    for (const headers of [{}, basic(AGENT.userName, 'wrong'), { Cookie: 'JSESSIONID=forged' }]) {
      const client = newClient(harness.notificationsUrl, headers);
      const reply = await handshake(client);
      expect(reply.successful).toBe(false);
      expect(reply.error).toBe('403::handshake_denied');
      expect(client.isDisconnected()).toBe(true);
    }
    expect(harness.endpoint.sessionCount).toBe(0);
  });

  it('answers transport requests without credentials, or of another user, with HTTP 403 and statusCode 20', async () => {
    const handshakeReply = await fetch(`${harness.notificationsUrl}/handshake`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...basic(AGENT.userName, AGENT.password) },
      body: JSON.stringify([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]),
    });
    const [reply] = (await handshakeReply.json()) as Message[];
    const cookie = handshakeReply.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(reply?.successful).toBe(true);
    const connectMessage = JSON.stringify([{ channel: '/meta/connect', clientId: reply?.clientId, connectionType: 'long-polling', advice: { timeout: 0 } }]);
    for (const credentials of [{}, basic(OTHER.userName, OTHER.password)]) {
      const res = await fetch(`${harness.notificationsUrl}/connect`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie, ...credentials },
        body: connectMessage,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ statusCode: 20, statusMessage: 'Access denied' });
    }
    const own = await fetch(`${harness.notificationsUrl}/connect`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, ...basic(AGENT.userName, AGENT.password) },
      body: connectMessage,
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as Message[])[0]?.successful).toBe(true);
  });

  it('rejects malformed transport requests with a JSON error and keeps serving', async () => {
    const post = (body: string, method = 'POST') =>
      fetch(harness.notificationsUrl, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : body });
    expect((await post('not json')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post('[1, 2]')).status).toBe(400);
    expect((await post('x'.repeat(70 * 1024))).status).toBe(413);
    const get = await post('', 'GET');
    expect(get.status).toBe(405);
    expect(await get.json()).toMatchObject({ statusCode: 2 });
    const reply = await handshake(newClient(harness.notificationsUrl, basic(AGENT.userName, AGENT.password)));
    expect(reply.successful).toBe(true);
  });
});

describe('per-user delivery', () => {
  beforeEach(async () => {
    harness = await startHarness();
  });

  it('delivers DeviceStateChangeMessage and the channel change to exact and wildcard subscriptions', async () => {
    const exact = await agent();
    const oneLevel = await agent();
    const everything = await agent();
    expect((await exact.subscribe('/v2/me/devices')).successful).toBe(true);
    expect((await oneLevel.subscribe('/v2/me/*')).successful).toBe(true);
    expect((await everything.subscribe('/**')).successful).toBe(true);
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    for (const client of [exact, oneLevel, everything]) {
      const message = await client.next('/v2/me/devices');
      expect(message.data).toMatchObject({ messageType: 'DeviceStateChangeMessage', devices: [{ id: AGENT_DEVICE, userState: { state: 'Ready' } }] });
      expect(violations('deviceStateChange', message)).toEqual([]);
      expect(violations('message', message)).toEqual([]);
    }
    for (const client of [oneLevel, everything]) {
      const message = await client.next('/v2/me/channels');
      expect(message.data).toMatchObject({ channels: [{ channel: 'voice', userState: { state: 'Ready' } }] });
      expect(violations('channelsStateChange', message)).toEqual([]);
      expect(violations('message', message)).toEqual([]);
    }
    expect(exact.received.map((m) => m.channel)).toEqual(['/v2/me/devices']);
  });

  it('delivers a change only to the sessions of the user concerned', async () => {
    const mine = await agent();
    const theirs = await agent(basic(OTHER.userName, OTHER.password));
    await mine.subscribe('/**');
    await theirs.subscribe('/**');
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    harness.endpoint.publish(applied(OTHER.userId, OTHER_DEVICE, 'NotReady'));
    // Delivery is in order per session: if the agent's change had reached the other user, it would come first.
    const first = await theirs.next('/v2/me/devices');
    expect(first.data).toMatchObject({ devices: [{ id: OTHER_DEVICE }] });
    const own = await mine.next('/v2/me/devices');
    expect(own.data).toMatchObject({ devices: [{ id: AGENT_DEVICE }] });
  });

  it('takes no publication from clients and keeps /v2/users for supervisors', async () => {
    const mine = await agent();
    const reply = await mine.publish('/v2/me/devices', { messageType: 'DeviceStateChangeMessage', devices: [] });
    expect(reply.successful).toBe(false);
    expect(reply.error).toBe('403::publish_denied');
    expect((await mine.subscribe('/v2/users')).successful).toBe(false);
    const supervisor = await agent(basic(SUPERVISOR.userName, SUPERVISOR.password));
    expect((await supervisor.subscribe('/v2/users')).successful).toBe(true);
  });

  it('forgets a session at disconnect and answers held long-polls when closed', async () => {
    const mine = await agent();
    await mine.subscribe('/v2/me/devices');
    await until(() => harness.endpoint.sessionCount === 1);
    const reply = await mine.disconnect();
    expect(reply.successful).toBe(true);
    expect(harness.endpoint.sessionCount).toBe(0);
    const other = await agent();
    await other.subscribe('/v2/me/devices');
    harness.endpoint.close();
    expect(harness.endpoint.sessionCount).toBe(0);
  });
});

describe('notification faults', () => {
  const faults: NotificationFault[] = [];
  beforeEach(async () => {
    faults.length = 0;
    harness = await startHarness({ faultFor: (channel) => (channel === '/v2/me/devices' ? faults.shift() : undefined) });
  });

  it('drops a notification', async () => {
    const mine = await agent();
    await mine.subscribe('/v2/me/*');
    faults.push({ type: 'notification-dropped' });
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'NotReady'));
    const message = await mine.next('/v2/me/devices');
    expect(state(message)).toBe('NotReady');
  });

  it('delays a notification behind later ones', async () => {
    const mine = await agent();
    await mine.subscribe('/v2/me/*');
    faults.push({ type: 'notification-delayed', delayMs: 200 });
    const start = Date.now();
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    const channels = await mine.next('/v2/me/channels');
    expect(channels.data).toMatchObject({ channels: [{ userState: { state: 'Ready' } }] });
    const devices = await mine.next('/v2/me/devices');
    expect(state(devices)).toBe('Ready');
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
  });

  it('malforms a notification', async () => {
    const mine = await agent();
    await mine.subscribe('/v2/me/devices');
    faults.push({ type: 'notification-malformed' });
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    const message = await mine.next('/v2/me/devices');
    expect((message.data as { devices: { userState: unknown }[] }).devices[0]?.userState).toBe('Ready');
    expect(violations('deviceStateChange', message)).toEqual(['value /data/devices/0/userState: must be object']);
  });
});

describe('defect modes', () => {
  const active = new Set<string>();
  beforeEach(async () => {
    active.clear();
    harness = await startHarness({ defects: () => active });
  });

  it('notification-wrong-state announces another state than the one applied', async () => {
    active.add('notification-wrong-state');
    const mine = await agent();
    await mine.subscribe('/v2/me/*');
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    expect(state(await mine.next('/v2/me/devices'))).toBe('NotReady');
    expect(await mine.next('/v2/me/channels')).toMatchObject({ data: { channels: [{ userState: { state: 'NotReady' } }] } });
  });

  it('notification-malformed breaks every notification', async () => {
    active.add('notification-malformed');
    const mine = await agent();
    await mine.subscribe('/v2/me/*');
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'NotReady'));
    const devices = await mine.next('/v2/me/devices');
    expect(devices.data).toMatchObject({ devices: [{ userState: 'NotReady' }] });
    expect(violations('deviceStateChange', devices)).not.toEqual([]);
    const channels = await mine.next('/v2/me/channels');
    expect(channels.data).toMatchObject({ channels: [{ userState: 'NotReady' }] });
    expect(violations('channelsStateChange', channels)).not.toEqual([]);
  });

  it('notification-wrong-user sends a change to the other users instead', async () => {
    active.add('notification-wrong-user');
    const mine = await agent();
    const theirs = await agent(basic(OTHER.userName, OTHER.password));
    await mine.subscribe('/v2/me/devices');
    await theirs.subscribe('/v2/me/devices');
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    expect((await theirs.next('/v2/me/devices')).data).toMatchObject({ devices: [{ id: AGENT_DEVICE }] });
    active.clear();
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'NotReady'));
    expect(state(await mine.next('/v2/me/devices'))).toBe('NotReady');
    expect(mine.received).toHaveLength(1);
  });
});
