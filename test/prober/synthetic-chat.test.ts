// The opt-in synthetic-chat probe against the simulator's chats: a customer's RequestChat, the
// offer to the test agent, Accept, a message each way, both Completes, and the chat channel Ready
// for the run only, whatever goes wrong.
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSchedule, type ProberTarget } from '../../src/config/index.ts';
import { createProber, probeEndpoint } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import { pollingChatObserver, type ChatObserverFactory } from '../../src/prober/chat-observer.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import {
  CHAT_AGENT,
  CONTACT_CENTER_ID,
  PROBE_AGENT,
  eventually,
  sample,
  sharedContracts,
  simulatorTarget,
  startProxyWithoutNotifications,
  startSimulator,
  type TestSimulator,
} from './harness.ts';

const REQUEST_CHAT = 'post-chats';
const FIXTURES = { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, PROBE_AGENT, CHAT_AGENT] };

let sim: TestSimulator;
const probers: Prober[] = [];
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 30, fixtures: FIXTURES });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await Promise.all(probers.splice(0).map((p) => p.stop()));
  await sim.clearFaults();
  await sim.defects([]);
});

function chatTarget(fields: { settleTimeoutMs?: number; timeoutMs?: number } = {}, url = sim.url): ProberTarget {
  return simulatorTarget(url, {
    include: [],
    contactCenterId: CONTACT_CENTER_ID,
    syntheticChat: {
      agent: { username: CHAT_AGENT.userName, password: CHAT_AGENT.password },
      contactCenterId: CONTACT_CENTER_ID,
      schedule: parseSchedule('1m', 'interval'),
      timeoutMs: fields.timeoutMs ?? 1000,
      settleTimeoutMs: fields.settleTimeoutMs ?? 2000,
      pollIntervalMs: 20,
    },
  });
}

function prober(target: ProberTarget, registry: Registry, extra: { chatObserver?: ChatObserverFactory; errors?: string[]; warnings?: string[] } = {}): Prober {
  const made = createProber({
    targets: [target],
    contracts: sharedContracts(),
    registry,
    drainTimeoutMs: 200,
    ...(extra.chatObserver ? { chatObserver: extra.chatObserver } : {}),
    logger: { info: () => undefined, warn: (m) => extra.warnings?.push(m), error: (m) => extra.errors?.push(m) },
  });
  probers.push(made);
  return made;
}

const control = async (url: string, path: string): Promise<unknown> => (await fetch(`${new URL(url).origin}/__simulator/${path}`)).json();

/** Chats a customer or an agent still has open, as the simulator's control API lists them. */
async function openChats(url = sim.url): Promise<unknown[]> {
  const { chats } = (await control(url, 'chats')) as { chats: { state: string; agents: { state: string }[] }[] };
  return chats.filter((c) => c.state !== 'Idle' || c.agents.some((a) => a.state !== 'Completed'));
}

/** The test agent's chat channel state. */
async function chatChannel(url = sim.url): Promise<string | undefined> {
  const auth = Buffer.from(`${CHAT_AGENT.userName}:${CHAT_AGENT.password}`).toString('base64');
  const body = (await (await fetch(`${url}/me/channels?fields=*`, { headers: { authorization: `Basic ${auth}` } })).json()) as {
    channels?: { channel: string; userState: { state: string } }[];
  };
  return body.channels?.find((c) => c.channel === 'chat')?.userState.state;
}

const series = (registry: Registry, name: string, labels: Record<string, string> = {}) => sample(registry, name, { target: 'sim', ...labels });

describe.each([
  ['CometD notifications', undefined],
  ['polling GET /me/chats', pollingChatObserver],
] as const)('the synthetic-chat probe, observing by %s', (_, chatObserver) => {
  it('delivers a chat to the test agent, a message each way, completes it and puts the chat channel back', async () => {
    const registry = new Registry();
    const p = prober(chatTarget(), registry, chatObserver ? { chatObserver } : {});
    expect(p.probes.map((x) => [x.kind, x.probe])).toEqual([['synthetic-chat', REQUEST_CHAT]]);
    // Every series exists at 0 before the first run.
    expect(await series(registry, 'gwscheck_chat_probe_runs_total', { outcome: 'delivery_timeout' })).toBe(0);
    expect(await series(registry, 'gwscheck_chat_message_seconds_count', { direction: 'customer_to_agent' })).toBe(0);
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total', { reason: 'late_chat' })).toBe(0);

    const [result] = await p.runOnce();
    expect(result).toMatchObject({ ok: true, outcome: 'success', statusCode: 0, kind: 'synthetic-chat', probe: REQUEST_CHAT });
    // The simulator routes the chat after 30 ms and delivers each message after 30 ms.
    expect(result?.chat?.deliveryMs).toBeGreaterThanOrEqual(25);
    expect(result?.chat?.messageMs.agent_to_customer).toBeGreaterThanOrEqual(25);
    expect(result?.chat?.messageMs.customer_to_agent).toBeGreaterThanOrEqual(25);
    expect(result?.chat).toMatchObject({ cleanedUp: true, cleanupFailures: [] });
    expect(await openChats()).toEqual([]);
    expect(await chatChannel()).toBe('NotReady');
    expect(await series(registry, 'gwscheck_chat_probe_runs_total', { outcome: 'success' })).toBe(1);
    expect(await series(registry, 'gwscheck_chat_delivery_seconds_count')).toBe(1);
    expect(await series(registry, 'gwscheck_chat_message_seconds_count', { direction: 'agent_to_customer' })).toBe(1);
    expect(await series(registry, 'gwscheck_chat_message_seconds_count', { direction: 'customer_to_agent' })).toBe(1);
    // The chat probe keeps out of the per-operation series.
    expect(await sample(registry, 'gwscheck_probe_success', { probe: REQUEST_CHAT })).toBeUndefined();
  });
});

describe('the synthetic-chat probe through GET /probe', () => {
  it('answers its run in its own families, labelled by target', async () => {
    const p = prober(chatTarget(), new Registry());
    const answer = await probeEndpoint(p, '1.2.3')(new URLSearchParams({ target: 'sim', probe: REQUEST_CHAT }));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('gwscheck_chat_probe_runs_total{target="sim",outcome="success"} 1\n');
    expect(answer.body).toContain('gwscheck_chat_delivery_seconds_count{target="sim"} 1\n');
    expect(answer.body).not.toMatch(/^gwscheck_probe_success|^# TYPE gwscheck_call_/m);
  });
});

describe('the synthetic-chat probe without CometD', () => {
  let proxy: Awaited<ReturnType<typeof startProxyWithoutNotifications>> | undefined;
  afterAll(async () => {
    await proxy?.close();
  });

  it('polls GET /me/chats instead and says so once, without the password', async () => {
    proxy = await startProxyWithoutNotifications(sim.url);
    const warnings: string[] = [];
    const p = prober(chatTarget({}, proxy.url), new Registry(), { warnings });
    const [first] = await p.runOnce();
    const [second] = await p.runOnce();
    expect([first?.outcome, second?.outcome]).toEqual(['success', 'success']);
    expect(warnings).toEqual(['sim: no CometD notifications (no CometD endpoint: HTTP 404 to the handshake); the synthetic-chat probe polls GET /me/chats instead']);
    expect(warnings.join('\n')).not.toContain(CHAT_AGENT.password);
  });
});

describe('the synthetic-chat probe when the chat path breaks', () => {
  it('an Accept refused with an error envelope → status_code_error; the customer withdraws the offer, the channel goes back', async () => {
    await sim.fault({ type: 'status-code', statusCode: 4, httpStatus: 503, method: 'POST', route: '/me/chats/*' });
    const registry = new Registry();
    const [result] = await prober(chatTarget(), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'status_code_error', statusCode: 4 });
    expect(result?.error).toMatch(/^Accept: /);
    expect(result?.chat?.deliveryMs).not.toBeNull();
    expect(result?.chat).toMatchObject({ cleanedUp: true, cleanupFailures: [], messageMs: { agent_to_customer: null, customer_to_agent: null } });
    expect(await openChats()).toEqual([]);
    expect(await chatChannel()).toBe('NotReady');
    expect(await series(registry, 'gwscheck_chat_probe_runs_total', { outcome: 'status_code_error' })).toBe(1);
  });

  it('a chat never offered to an agent → delivery_timeout after the settle timeout; the customer withdraws it', async () => {
    await sim.defects(['chat-never-offered']);
    const registry = new Registry();
    const [result] = await prober(chatTarget({ settleTimeoutMs: 300 }), registry).runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'delivery_timeout', statusCode: 0 });
    expect(result?.error).toMatch(/not offered to the test agent within 300 ms/);
    // The accepted RequestChat is the run's exchange; the customer sends no credentials.
    expect(result?.exchange).toMatchObject({ method: 'POST', path: '/chats', httpStatus: 200, body: { statusCode: 0 }, request: { credentials: null } });
    expect(result?.chat).toMatchObject({ deliveryMs: null, cleanedUp: true, cleanupFailures: [] });
    // Still waiting in its queue unless the customer completed it.
    expect(await openChats()).toEqual([]);
    expect(await series(registry, 'gwscheck_chat_delivery_seconds_count')).toBe(0);
  });

  it.each([
    ['chat-accept-ignored', 'accept_timeout', /Accept on chat \S+ was acknowledged but the chat did not show Chatting/],
    ['chat-message-lost', 'message_timeout', /the agent's message did not reach the customer's GetMessages/],
    ['chat-customer-misses-agent', 'message_timeout', /the agent's message did not reach the customer's GetMessages/],
  ])('%s → %s, and the chat is ended all the same', async (defect, outcome, error) => {
    await sim.defects([defect]);
    const [result] = await prober(chatTarget({ settleTimeoutMs: 300 }), new Registry()).runOnce();
    expect(result).toMatchObject({ ok: false, outcome, chat: { cleanedUp: true, cleanupFailures: [] } });
    expect(result?.error).toMatch(error);
    // The agent's accepted request decides the run: sent as the test agent.
    expect(result?.exchange).toMatchObject({ method: 'POST', path: expect.stringMatching(/^\/me\/chats\/[^/]+$/) as unknown, request: { credentials: { username: CHAT_AGENT.userName } } });
    expect(await openChats()).toEqual([]);
    expect(await chatChannel()).toBe('NotReady');
  });

  it('a test agent logged out on chat → channel_not_ready, and no chat is requested', async () => {
    const own = await startSimulator({ asyncDelayMs: 30, fixtures: { ...FIXTURES, users: [...DEFAULT_FIXTURES.users, { ...CHAT_AGENT, loggedIn: {} }] } });
    try {
      const [result] = await prober(chatTarget({}, own.url), new Registry()).runOnce();
      expect(result).toMatchObject({ ok: false, outcome: 'channel_not_ready' });
      expect(result?.error).toMatch(/chat channel is LoggedOut/);
      expect(await control(own.url, 'chats')).toEqual({ chats: [] });
      expect(await chatChannel(own.url)).toBe('LoggedOut');
    } finally {
      await own.close();
    }
  });

  it('a Complete acknowledged and never applied → complete_timeout and complete_not_confirmed, counted and logged once; the next run ends it', async () => {
    await sim.defects(['chat-complete-ignored']);
    const registry = new Registry();
    const errors: string[] = [];
    const p = prober(chatTarget({ settleTimeoutMs: 200 }), registry, { errors });
    const [result] = await p.runOnce();
    expect(result).toMatchObject({ ok: false, outcome: 'complete_timeout', chat: { cleanedUp: false, cleanupFailures: ['complete_not_confirmed'] } });
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total', { reason: 'complete_not_confirmed' })).toBe(1);
    expect(errors.join('\n')).toMatch(/could not be confirmed completed/);
    expect(await openChats()).toHaveLength(1);

    // Still broken, and this run's own chat never offered: the chat left open is not counted again.
    await sim.defects(['chat-complete-ignored', 'chat-never-offered']);
    const [again] = await p.runOnce();
    expect(again).toMatchObject({ outcome: 'delivery_timeout', chat: { cleanedUp: false, cleanupFailures: [] } });
    expect(await openChats()).toHaveLength(1);

    await sim.defects([]);
    const [next] = await p.runOnce();
    expect(next).toMatchObject({ ok: true, outcome: 'success', chat: { cleanedUp: true, cleanupFailures: [] } });
    expect(await openChats()).toEqual([]);
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total', { reason: 'complete_not_confirmed' })).toBe(1);
  });

  it('a RequestChat answered too late whose chat appears after its run: the next run completes it first and counts late_chat', async () => {
    // The customer's RequestChat reaches GWS 1.2 s after it was sent; the probe gives up after 1 s.
    await sim.fault({ type: 'latency', fixedMs: 1200, method: 'POST', route: '/chats', times: 1 });
    const registry = new Registry();
    const errors: string[] = [];
    const p = prober(chatTarget({ settleTimeoutMs: 300 }), registry, { errors });
    const [first] = await p.runOnce();
    expect(first).toMatchObject({ ok: false, outcome: 'timeout', chat: { cleanedUp: true, cleanupFailures: [] } });
    // The chat is opened after the run had put the chat channel back: it waits for a Ready agent.
    await eventually(async () => (await openChats()).length === 1, 5000);

    const [second] = await p.runOnce();
    expect(second).toMatchObject({ ok: true, outcome: 'success', chat: { cleanedUp: true, cleanupFailures: ['late_chat'] } });
    expect(await openChats()).toEqual([]);
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total', { reason: 'late_chat' })).toBe(1);
    expect(errors.join('\n')).toMatch(/opened its chat after that run had ended/);
    expect(errors.join('\n')).not.toContain(CHAT_AGENT.password);
  });

  it('a Ready answered too late that applies after its run: the next run counts channel_not_restored and puts the channel back', async () => {
    // The chat channel's Ready reaches GWS 1.2 s after it was sent; the probe gives up after 1 s.
    await sim.fault({ type: 'latency', fixedMs: 1200, method: 'POST', route: '/me/channels/chat', times: 1 });
    const registry = new Registry();
    const errors: string[] = [];
    const p = prober(chatTarget({ settleTimeoutMs: 300 }), registry, { errors });
    const [first] = await p.runOnce();
    expect(first).toMatchObject({ ok: false, outcome: 'timeout', chat: { cleanedUp: true, cleanupFailures: [] } });
    expect(first?.error).toMatch(/^Ready on the chat channel: /);
    // The Ready lands after the run had confirmed the channel NotReady.
    await eventually(async () => (await chatChannel()) === 'Ready', 5000);

    const [second] = await p.runOnce();
    expect(second).toMatchObject({ ok: true, outcome: 'success', chat: { cleanedUp: true, cleanupFailures: ['channel_not_restored'] } });
    expect(await chatChannel()).toBe('NotReady');
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total', { reason: 'channel_not_restored' })).toBe(1);
    expect(errors.join('\n')).toMatch(/a Ready an earlier run sent applied after that run had ended/);
  });

  it('stopping the prober mid-chat still ends the chat and puts the channel back, within the shutdown bound', async () => {
    // The offer never shows, so the run waits its 30 s settle timeout unless stopped.
    await sim.fault({ type: 'notification-dropped', route: '/v2/me/chats' });
    const registry = new Registry();
    const p = prober(chatTarget({ settleTimeoutMs: 30_000 }), registry);
    p.start();
    await eventually(async () => (await openChats()).length === 1, 5000);
    const stopping = Date.now();
    await p.stop();
    expect(Date.now() - stopping).toBeLessThan(3000);
    expect(await openChats()).toEqual([]);
    expect(await chatChannel()).toBe('NotReady');
    expect(await series(registry, 'gwscheck_chat_cleanup_failures_total')).toBe(0);
  });
});
