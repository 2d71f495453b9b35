import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICES_CHANNEL, createNotificationSessionCounter, openNotificationSession } from '../../src/notifications/index.ts';
import { withNotificationSession, type NotificationOptions } from '../../src/notifications/session.ts';
import { AGENT, AGENT_DEVICE, OTHER, applied, startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
const extraServers: http.Server[] = [];

afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const server of extraServers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function agentOptions(h: Harness, extra: Partial<NotificationOptions> = {}): NotificationOptions {
  return { baseUrl: h.apiRoot, auth: { kind: 'basic', username: AGENT.userName, password: AGENT.password }, ...extra };
}

async function silentServer(): Promise<string> {
  const server = http.createServer(() => undefined);
  extraServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`;
}

describe('openNotificationSession', () => {
  it('opens, subscribes, receives and closes, counting the session', async () => {
    harness = await startHarness();
    const counter = createNotificationSessionCounter();
    const opened = await openNotificationSession(agentOptions(harness, { counter }));
    if (!opened.ok) throw new Error(opened.detail);
    expect(counter.open).toBe(1);
    expect(harness.endpoint.sessionCount).toBe(1);
    expect(await opened.session.subscribe([DEVICES_CHANNEL, '/v2/me/*'])).toEqual({ ok: true });
    const waiting = opened.session.waitFor((n) => n.channel === DEVICES_CHANNEL, { timeoutMs: 3000 });
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    const result = await waiting;
    expect(result.kind).toBe('received');
    if (result.kind === 'received') {
      expect(result.notification.message).toMatchObject({ channel: DEVICES_CHANNEL, data: { messageType: 'DeviceStateChangeMessage' } });
    }
    // Both subscriptions match the device message; it is kept once. The channel message comes too.
    await opened.session.waitFor((n) => n.channel === '/v2/me/channels', { timeoutMs: 3000 });
    expect(opened.session.received().map((n) => n.channel)).toEqual([DEVICES_CHANNEL, '/v2/me/channels']);
    expect(await opened.session.close()).toEqual({ clean: true });
    expect(await opened.session.close()).toEqual({ clean: true });
    expect(counter).toMatchObject({ open: 0, leaked: 0 });
    expect(harness.endpoint.sessionCount).toBe(0);
  });

  it('authenticates with a session cookie', async () => {
    harness = await startHarness();
    const opened = await openNotificationSession({ baseUrl: harness.apiRoot, auth: { kind: 'cookie', cookie: 'JSESSIONID=sess-agent' } });
    expect(opened.ok).toBe(true);
    if (opened.ok) await opened.session.close();
  });

  it('gives each session its own cookie jar, so two users in one process stay apart', async () => {
    harness = await startHarness();
    const mine = await openNotificationSession(agentOptions(harness));
    const theirs = await openNotificationSession({ baseUrl: harness.apiRoot, auth: { kind: 'basic', username: OTHER.userName, password: OTHER.password } });
    if (!mine.ok || !theirs.ok) throw new Error('handshake failed');
    await mine.session.subscribe(['/**']);
    await theirs.session.subscribe(['/**']);
    harness.endpoint.publish(applied(OTHER.userId, AGENT_DEVICE, 'Ready'));
    const got = await theirs.session.waitFor(() => true, { timeoutMs: 3000 });
    expect(got.kind).toBe('received');
    expect(mine.session.received()).toHaveLength(0);
    await Promise.all([mine.session.close(), theirs.session.close()]);
  });

  it('reports a refused handshake as denied', async () => {
    harness = await startHarness();
    const counter = createNotificationSessionCounter();
    const result = await openNotificationSession({ baseUrl: harness.apiRoot, auth: { kind: 'none' }, counter });
    expect(result).toMatchObject({ ok: false, failure: 'denied', detail: 'handshake refused: 403::handshake_denied' });
    expect(counter.open).toBe(0);
  });

  it('reports a server without a CometD endpoint, an unreachable one and a silent one', async () => {
    harness = await startHarness();
    expect(await openNotificationSession({ ...agentOptions(harness), path: '/no-such-endpoint' })).toMatchObject({
      ok: false,
      failure: 'no-endpoint',
      httpStatus: 404,
    });
    const closedPort = harness.apiRoot;
    await harness.close();
    harness = undefined;
    expect(await openNotificationSession({ baseUrl: closedPort, auth: { kind: 'none' } })).toMatchObject({ ok: false, failure: 'unreachable' });
    const silent = await silentServer();
    expect(await openNotificationSession({ baseUrl: silent, auth: { kind: 'none' }, handshakeTimeoutMs: 300 })).toMatchObject({
      ok: false,
      failure: 'timeout',
    });
  });

  it('reports a refused subscription', async () => {
    harness = await startHarness();
    const opened = await openNotificationSession(agentOptions(harness));
    if (!opened.ok) throw new Error(opened.detail);
    expect(await opened.session.subscribe(['/v2/me/devices', '/v2/users'])).toMatchObject({ ok: false, channel: '/v2/users' });
    await opened.session.close();
  });

  it('waits only for notifications after a given instant, and times out with what came', async () => {
    harness = await startHarness();
    const opened = await openNotificationSession(agentOptions(harness));
    if (!opened.ok) throw new Error(opened.detail);
    await opened.session.subscribe([DEVICES_CHANNEL]);
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    const earlier = await opened.session.waitFor(() => true, { timeoutMs: 3000 });
    expect(earlier.kind).toBe('received');
    const after = performance.now();
    const none = await opened.session.waitFor(() => true, { timeoutMs: 100, after });
    expect(none).toEqual({ kind: 'timeout', received: [] });
    const later = opened.session.waitFor(() => true, { timeoutMs: 3000, after });
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'NotReady'));
    const result = await later;
    expect(result.kind === 'received' && result.notification.receivedAt >= after).toBe(true);
    await opened.session.close();
  });

  it('counts a session whose disconnect is not confirmed as leaked', async () => {
    harness = await startHarness();
    const counter = createNotificationSessionCounter();
    const opened = await openNotificationSession(agentOptions(harness, { counter, disconnectTimeoutMs: 300 }));
    if (!opened.ok) throw new Error(opened.detail);
    harness.hang();
    expect(await opened.session.close()).toEqual({ clean: false });
    expect(counter).toMatchObject({ open: 0, leaked: 1 });
  });
});

describe('withNotificationSession', () => {
  it('closes the session after use and when use throws', async () => {
    harness = await startHarness();
    const counter = createNotificationSessionCounter();
    const h = harness;
    const result = await withNotificationSession(agentOptions(h, { counter }), (session) => {
      expect(counter.open).toBe(1);
      return Promise.resolve(session.clientId);
    });
    expect(result).toMatchObject({ ok: true, clean: true });
    await expect(
      withNotificationSession(agentOptions(h, { counter }), () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(counter).toMatchObject({ open: 0, leaked: 0 });
    expect(h.endpoint.sessionCount).toBe(0);
  });
});
