import { describe, expect, it } from 'vitest';
import type { ClientResult, GwsClient, RequestOptions } from '../client/index.ts';
import { loadContracts } from '../contracts/index.ts';
import { createStateChangeMemory, pollingObserver, runStateChangeProbe, type StateChangeProbeContext } from './state-change.ts';
import { LATE_EFFECT_WINDOW_MS } from './unsettled.ts';
import type { Clock } from './types.ts';

const contracts = loadContracts();
const TIMINGS = { connect: 0, tls: 0, processing: 0, transfer: 0, total: 0 };
const TIMEOUT_MS = 2000;
const SETTLE_MS = 3000;

type PostAnswer = { readonly kind: 'ok' | 'refused' | 'timeout'; readonly appliesAfterMs?: number | null };

/**
 * A scripted agent on a virtual clock: GETs show the applied state; each POST answers as scripted
 * and applies its operation `appliesAfterMs` later (never when null), as GWS applies an accepted
 * operation after answering, and a late one after the client gave up.
 */
function scriptedAgent(start: string, answers: PostAnswer[]) {
  let time = 1_000_000;
  let state = start;
  const scheduled: { at: number; state: string }[] = [];
  const posts: { at: number; operation: string }[] = [];
  const advance = (to: number): void => {
    scheduled.sort((a, b) => a.at - b.at);
    while (scheduled[0] !== undefined && scheduled[0].at <= to) state = (scheduled.shift() as { state: string }).state;
    time = Math.max(time, to);
  };
  const abort = new AbortController();
  const clock: Clock = {
    now: () => time,
    sleep: (ms, signal) => {
      if (signal?.aborted !== true) advance(time + ms);
      return Promise.resolve();
    },
  };
  // As the real client reports what it sent, credentials masked.
  const sentOf = (opts: RequestOptions) => ({
    method: opts.method,
    url: `http://gws.test/api/v2${opts.path}`,
    headers: { authorization: 'Basic ***' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const request = (opts: RequestOptions): Promise<ClientResult> => {
    const response = (body: unknown): ClientResult => ({
      kind: 'response',
      response: { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 5 },
      timings: TIMINGS,
      sent: sentOf(opts),
    });
    if (opts.method === 'GET') {
      const userState = state === 'AuxWork' ? { state: 'NotReady', workMode: 'AuxWork' } : { state };
      return Promise.resolve(response({ statusCode: 0, devices: [{ userState }] }));
    }
    const operation = String((opts.body as { operationName?: unknown }).operationName);
    posts.push({ at: time, operation });
    const answer = answers.shift() ?? { kind: 'ok', appliesAfterMs: 50 };
    // Each operation the probe sends here leads to the state of the same name.
    if (answer.appliesAfterMs !== null && answer.kind !== 'refused') scheduled.push({ at: time + (answer.appliesAfterMs ?? 50), state: operation });
    if (answer.kind === 'timeout') {
      advance(time + TIMEOUT_MS);
      return Promise.resolve({ kind: 'timeout', error: `no answer within ${TIMEOUT_MS} ms`, timings: TIMINGS, sent: sentOf(opts) });
    }
    advance(time + 5);
    return Promise.resolve(response(answer.kind === 'ok' ? { statusCode: 0 } : { statusCode: 2, statusMessage: 'not valid now' }));
  };
  const client = { baseUrl: 'http://gws.test/api/v2', request, resetSession: () => undefined, session: () => ({}), close: () => undefined } satisfies GwsClient;
  const context: StateChangeProbeContext = {
    target: 'gws',
    contracts,
    operation: contracts.operation('post-me-channels-voice'),
    client,
    clock,
    observer: pollingObserver,
    timeoutMs: TIMEOUT_MS,
    settleTimeoutMs: SETTLE_MS,
    pollIntervalMs: 100,
    signal: abort.signal,
    memory: createStateChangeMemory(),
    username: 'probe-agent',
  };
  return {
    context,
    posts,
    abort,
    state: () => state,
    /** Someone else moves the agent. */
    setState: (to: string) => {
      state = to;
    },
    /** Time passes between two runs; what was scheduled applies. */
    wait: (ms: number) => clock.sleep(ms),
    /** Scripts the answers of the POSTs still to come. */
    answerNext: (...next: PostAnswer[]) => answers.push(...next),
  };
}

describe('runStateChangeProbe: the restore waits until the change is done', () => {
  it('a change answered too late is waited for, then restored from the state read before it', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'timeout', appliesAfterMs: 2500 }]);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', responded: false, stateChange: { operation: 'Ready', restored: true } });
    expect(agent.posts.map((p) => p.operation)).toEqual(['Ready', 'NotReady']);
    // The restore went out only after the late change had shown.
    expect((agent.posts[1]?.at ?? 0) - (agent.posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(2500);
    expect(agent.state()).toBe('NotReady');
  });

  it('a change answered too late that never shows is done at its deadline; the agent is confirmed where it was', async () => {
    const agent = scriptedAgent('AuxWork', [{ kind: 'timeout', appliesAfterMs: null }]);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ outcome: 'timeout', stateChange: { operation: 'Ready', restored: true } });
    expect(agent.posts.map((p) => p.operation)).toEqual(['Ready', 'AuxWork']);
    expect((agent.posts[1]?.at ?? 0) - (agent.posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(TIMEOUT_MS + SETTLE_MS);
    expect(agent.state()).toBe('AuxWork');
  });

  it('stopped while a change without an answer may still arrive: the restore cannot be confirmed', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'timeout', appliesAfterMs: 2500 }]);
    agent.abort.abort();
    const result = await runStateChangeProbe(agent.context);
    expect(result.stateChange).toEqual({ operation: 'Ready', settleMs: null, restored: false, restoreFailures: ['stopped_mid_change'] });
  });

  it('a refused change changed nothing: no restore is sent', async () => {
    const agent = scriptedAgent('Ready', [{ kind: 'refused' }]);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ outcome: 'status_code_error', statusCode: 2, stateChange: { operation: 'NotReady', restored: true } });
    expect(agent.posts.map((p) => p.operation)).toEqual(['NotReady']);
  });

  it('an accepted change measures its settle time and is restored', async () => {
    const agent = scriptedAgent('NotReady', []);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ ok: true, outcome: 'success', stateChange: { operation: 'Ready', restored: true } });
    expect(result.stateChange?.settleMs).toBeGreaterThanOrEqual(50);
    expect(agent.state()).toBe('NotReady');
  });

  it('an agent in a state no operation re-enters is left alone', async () => {
    const agent = scriptedAgent('LoggedOut', []);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ ok: false, stateChange: { operation: 'none', restored: true } });
    expect(result.error).toMatch(/test agent is in state LoggedOut, which no agent-state operation leaves and re-enters/);
    expect(agent.posts).toEqual([]);
  });
});

describe('runStateChangeProbe: a change that applies after its run is caught by the next', () => {
  it.each([
    ['answered too late', { kind: 'timeout', appliesAfterMs: 6000 }],
    ['acknowledged and not observed within the settle timeout', { kind: 'ok', appliesAfterMs: 5000 }],
  ] as const)('%s: the next run counts late_change and moves the agent back before its own change', async (_, late) => {
    const agent = scriptedAgent('NotReady', [late]);
    const first = await runStateChangeProbe(agent.context);
    // The run could not see the change apply: its restore was confirmed before it did.
    expect(first.stateChange).toMatchObject({ operation: 'Ready', restored: true, restoreFailures: [] });
    await agent.wait(SETTLE_MS);
    expect(agent.state()).toBe('Ready');

    const second = await runStateChangeProbe(agent.context);
    expect(second).toMatchObject({ ok: true, outcome: 'success', stateChange: { operation: 'Ready', restored: true, restoreFailures: ['late_change'] } });
    // The move back first, then the run's own change and its restore.
    expect(agent.posts.map((p) => p.operation).slice(-3)).toEqual(['NotReady', 'Ready', 'NotReady']);
    expect(agent.state()).toBe('NotReady');

    // Counted once: the next run finds nothing to settle.
    const third = await runStateChangeProbe(agent.context);
    expect(third.stateChange?.restoreFailures).toEqual([]);
  });

  it('a difference no change of the probe explains is taken as the new starting state, uncounted', async () => {
    const agent = scriptedAgent('NotReady', []);
    await runStateChangeProbe(agent.context);
    agent.setState('AuxWork');
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ ok: true, stateChange: { operation: 'Ready', restored: true, restoreFailures: [] } });
    expect(agent.posts.map((p) => p.operation).slice(-2)).toEqual(['Ready', 'AuxWork']);
    expect(agent.state()).toBe('AuxWork');
  });

  it('a restore that failed is counted by its run; the next run moves the agent back without counting it again', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'ok', appliesAfterMs: 50 }, { kind: 'ok', appliesAfterMs: null }, { kind: 'ok', appliesAfterMs: null }]);
    const first = await runStateChangeProbe(agent.context);
    expect(first.stateChange).toMatchObject({ restored: false, restoreFailures: ['restore_not_confirmed'] });
    expect(agent.state()).toBe('Ready');
    const second = await runStateChangeProbe(agent.context);
    expect(second).toMatchObject({ ok: true, stateChange: { operation: 'Ready', restored: true, restoreFailures: [] } });
    expect(agent.state()).toBe('NotReady');
  });

  it('a failed restore that put itself right is forgotten: a later late change is still counted', async () => {
    const agent = scriptedAgent('NotReady', [
      { kind: 'ok', appliesAfterMs: 50 },
      // The restore applies long after its run gave up on it.
      { kind: 'ok', appliesAfterMs: 8000 },
      { kind: 'ok', appliesAfterMs: null },
      // The next run's change applies after that run.
      { kind: 'timeout', appliesAfterMs: 6000 },
    ]);
    expect((await runStateChangeProbe(agent.context)).stateChange?.restoreFailures).toEqual(['restore_not_confirmed']);
    await agent.wait(SETTLE_MS);
    expect(agent.state()).toBe('NotReady');
    expect((await runStateChangeProbe(agent.context)).stateChange?.restoreFailures).toEqual([]);
    await agent.wait(SETTLE_MS);
    expect(agent.state()).toBe('Ready');
    expect((await runStateChangeProbe(agent.context)).stateChange?.restoreFailures).toEqual(['late_change']);
    expect(agent.state()).toBe('NotReady');
  });

  it('a move back that is not confirmed fails the run without a change and is counted; the next run tries again', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'timeout', appliesAfterMs: 6000 }]);
    await runStateChangeProbe(agent.context);
    await agent.wait(SETTLE_MS);
    const sent = agent.posts.length;
    agent.answerNext({ kind: 'ok', appliesAfterMs: null }, { kind: 'ok', appliesAfterMs: null });
    const second = await runStateChangeProbe(agent.context);
    expect(second).toMatchObject({
      ok: false,
      outcome: 'async_timeout',
      statusCode: 0,
      stateChange: { operation: 'none', restored: false, restoreFailures: ['late_change', 'restore_not_confirmed'] },
    });
    expect(second.error).toMatch(/an earlier run's change left the test agent in Ready \(confirmed NotReady\); NotReady to move it back was not confirmed/);
    // Only the two moves back: no change of its own.
    expect(agent.posts.slice(sent).map((p) => p.operation)).toEqual(['NotReady', 'NotReady']);
    const third = await runStateChangeProbe(agent.context);
    expect(third).toMatchObject({ ok: true, stateChange: { restored: true, restoreFailures: [] } });
    expect(agent.state()).toBe('NotReady');
  });

  it('a change is blamed only until the first read a whole window after it was sent', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'timeout', appliesAfterMs: null }]);
    await runStateChangeProbe(agent.context);
    await agent.wait(LATE_EFFECT_WINDOW_MS);
    // This read is past the window: the unanswered Ready can no longer apply after it.
    expect((await runStateChangeProbe(agent.context)).stateChange?.restoreFailures).toEqual([]);
    agent.setState('Ready');
    const result = await runStateChangeProbe(agent.context);
    expect(result.stateChange).toMatchObject({ operation: 'NotReady', restored: true, restoreFailures: [] });
    expect(agent.state()).toBe('Ready');
  });
});

describe('runStateChangeProbe: a failed run carries the change request and its answer', () => {
  it('accepted and never observed: the change as sent, with the agent\'s login, and its statusCode 0', async () => {
    const agent = scriptedAgent('NotReady', [{ kind: 'ok', appliesAfterMs: null }]);
    const result = await runStateChangeProbe(agent.context);
    expect(result).toMatchObject({ ok: false, outcome: 'async_timeout' });
    expect(result.exchange).toMatchObject({
      request: { method: 'POST', url: 'http://gws.test/api/v2/me/channels/voice', body: '{"operationName":"Ready"}', credentials: { username: 'probe-agent', passwordVariable: 'GWS_PASSWORD' } },
      path: '/me/channels/voice',
      httpStatus: 200,
      body: { statusCode: 0 },
    });
  });

  it('refused, or unanswered: that request; a run that held carries none', async () => {
    const refused = await runStateChangeProbe(scriptedAgent('Ready', [{ kind: 'refused' }]).context);
    expect(refused.exchange).toMatchObject({ request: { body: '{"operationName":"NotReady"}' }, body: { statusCode: 2, statusMessage: 'not valid now' } });
    const unanswered = await runStateChangeProbe(scriptedAgent('NotReady', [{ kind: 'timeout', appliesAfterMs: null }]).context);
    expect(unanswered.exchange).toMatchObject({ request: { body: '{"operationName":"Ready"}' }, httpStatus: null, body: null });
    const held = await runStateChangeProbe(scriptedAgent('NotReady', []).context);
    expect(held).toMatchObject({ ok: true, outcome: 'success' });
    expect(held.exchange).toBeUndefined();
  });
});
