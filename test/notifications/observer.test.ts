import { afterEach, describe, expect, it } from 'vitest';
import { createNotificationSessionCounter, createNotificationStateObserver, type AgentStateWaiter, type OpenFailure } from '../../src/notifications/index.ts';
import { AGENT, AGENT_DEVICE, OTHER, applied, startHarness, type Harness } from './harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const agentAuth = { kind: 'basic', username: AGENT.userName, password: AGENT.password } as const;
const isState = (name: string) => (s: string) => s === name;
const noFallback = (): AgentStateWaiter => {
  throw new Error('the fallback was not expected');
};

describe('createNotificationStateObserver', () => {
  it('reports when the announced state shows, counting each notification once', async () => {
    harness = await startHarness();
    const counter = createNotificationSessionCounter();
    const observer = createNotificationStateObserver({ baseUrl: harness.apiRoot, auth: agentAuth, now: Date.now, fallback: noFallback, counter });
    expect(observer.mode).toBe('pending');
    await observer.ready();
    expect(observer.mode).toBe('notifications');
    // Published before waitFor is called: the notification is kept for it.
    const sentAt = Date.now();
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    const seenAt = await observer.waitFor(isState('Ready'), Date.now() + 3000);
    expect(seenAt).not.toBeNull();
    expect(seenAt ?? 0).toBeGreaterThanOrEqual(sentAt - 5);
    expect(seenAt ?? Infinity).toBeLessThanOrEqual(Date.now());
    // The same notification does not count twice, another user's change never counts.
    harness.endpoint.publish(applied(OTHER.userId, AGENT_DEVICE, 'Ready'));
    expect(await observer.waitFor(isState('Ready'), Date.now() + 150)).toBeNull();
    const next = observer.waitFor(isState('NotReady'), Date.now() + 3000);
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'NotReady'));
    expect(await next).not.toBeNull();
    await observer.close();
    expect(counter).toMatchObject({ open: 0, leaked: 0 });
    expect(harness.endpoint.sessionCount).toBe(0);
  });

  it('does not take a different state for the one awaited', async () => {
    harness = await startHarness({ defects: () => ['notification-wrong-state'] });
    const observer = createNotificationStateObserver({ baseUrl: harness.apiRoot, auth: agentAuth, now: Date.now, fallback: noFallback });
    await observer.ready();
    harness.endpoint.publish(applied(AGENT.userId, AGENT_DEVICE, 'Ready'));
    expect(await observer.waitFor(isState('Ready'), Date.now() + 200)).toBeNull();
    await observer.close();
  });

  it('stops waiting when aborted', async () => {
    harness = await startHarness();
    const observer = createNotificationStateObserver({ baseUrl: harness.apiRoot, auth: agentAuth, now: Date.now, fallback: noFallback });
    await observer.ready();
    const controller = new AbortController();
    const waiting = observer.waitFor(isState('Ready'), Date.now() + 60_000, controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
    await observer.close();
  });

  it('hands over to the fallback when the server has no CometD endpoint, saying why', async () => {
    harness = await startHarness();
    const calls: string[] = [];
    const failures: OpenFailure[] = [];
    const fallback: AgentStateWaiter = {
      waitFor: (match) => {
        calls.push(match('Ready') ? 'waitFor Ready' : 'waitFor other');
        return Promise.resolve(42);
      },
      close: () => {
        calls.push('close');
        return Promise.resolve();
      },
    };
    const observer = createNotificationStateObserver({
      baseUrl: harness.apiRoot,
      path: '/not-cometd',
      auth: agentAuth,
      now: Date.now,
      fallback: () => fallback,
      onFallback: (f) => failures.push(f),
    });
    await observer.ready();
    expect(observer.mode).toBe('fallback');
    expect(failures).toMatchObject([{ failure: 'no-endpoint', httpStatus: 404 }]);
    expect(await observer.waitFor(isState('Ready'), Date.now() + 1000)).toBe(42);
    await observer.close();
    expect(calls).toEqual(['waitFor Ready', 'close']);
  });
});
