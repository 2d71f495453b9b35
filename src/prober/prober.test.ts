import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ClientOptions, ClientResult, GwsClient, PhaseTimings, RequestOptions } from '../client/index.ts';
import { parseSchedule, proberTarget } from '../config/index.ts';
import type { Contracts, Operation, Verdict } from '../contracts/index.ts';
import { createProber } from './prober.ts';
import type { ScheduleRequest, Scheduler } from './schedule.ts';
import type { Clock, LogFields, Logger } from './types.ts';
import { createLogger } from './log.ts';

const TIMINGS: PhaseTimings = { connect: 0.001, tls: 0, processing: 0.01, transfer: 0.001, total: 0.012 };

function op(id: string, path: string, fields: Partial<Operation> = {}): Operation {
  return {
    id,
    method: 'GET',
    path,
    summary: id,
    identity: 'user',
    responseSchema: `x/${id}`,
    statusCodes: [0],
    latencyBudgetMs: 1000,
    readOnly: true,
    tags: [],
    example: {},
    requiredFeatures: [],
    ...fields,
  };
}

const CATALOG = [
  op('get-version', '/diagnostics/version', { identity: 'none' }),
  op('get-me', '/me'),
  op('get-users-id', '/users/{id}', { paramSources: { id: { operation: 'get-me', pointer: '/user/id', take: 'value' } } }),
  op('get-skills', '/skills', { identity: 'admin' }),
  op('post-me-channels-voice', '/me/channels/voice', { method: 'POST', readOnly: false }),
];

/** judge(): statusCode 0 is success, anything else a status_code_error. */
const contracts: Contracts = {
  catalog: CATALOG,
  operation: (id) => {
    const found = CATALOG.find((o) => o.id === id);
    if (found === undefined) throw new Error(`unknown ${id}`);
    return found;
  },
  judge: (_op, res): Verdict => {
    const code = (res.body as { statusCode?: number } | undefined)?.statusCode ?? null;
    return code === 0
      ? { ok: true, outcome: 'success', statusCode: 0, violations: [] }
      : { ok: false, outcome: 'status_code_error', statusCode: code, violations: [] };
  },
  validate: () => [],
  schemaIds: () => [],
};

type Responder = (req: RequestOptions, options: ClientOptions) => Promise<ClientResult>;

function fakeClients(responder: Responder): (options: ClientOptions) => GwsClient {
  return (options) => ({
    baseUrl: options.baseUrl,
    request: (req) => responder(req, options),
    resetSession: () => undefined,
    session: () => ({}),
    close: () => undefined,
  });
}

function answer(body: unknown): Promise<ClientResult> {
  return Promise.resolve({
    kind: 'response',
    response: { httpStatus: 200, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 12 },
    timings: TIMINGS,
  });
}

const okResponder: Responder = (req) =>
  req.path === '/me' ? answer({ statusCode: 0, user: { id: 'abc' } }) : answer({ statusCode: 0, version: '8.5.201.04' });

/** Ticks are driven by the test. */
function manualScheduler() {
  const jobs: ScheduleRequest[] = [];
  let stopped = 0;
  const scheduler: Scheduler = {
    schedule(request) {
      jobs.push(request);
      return {
        stop: () => {
          stopped += 1;
          return Promise.resolve();
        },
      };
    },
  };
  return { scheduler, jobs, stopped: () => stopped };
}

const fixedClock: Clock = { now: () => 1_700_000_000_000, sleep: () => Promise.resolve() };

function target(fields: Parameters<typeof proberTarget>[0] extends infer T ? Partial<T> : never = {}) {
  return proberTarget({
    name: 't1',
    baseUrl: 'http://gws.invalid/api/v2',
    user: { username: 'u', password: 'secret-pw' },
    defaults: { schedule: parseSchedule('15s', 'interval'), timeoutMs: 1000 },
    ...fields,
  });
}

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return found?.value;
}

describe('createProber', () => {
  it('plans read-only probes the target has credentials for, with per-probe settings', () => {
    const prober = createProber({
      targets: [target({ probes: { 'get-me': { schedule: parseSchedule('5s', 'k'), timeoutMs: 200 } } })],
      contracts,
      registry: new Registry(),
      createClient: fakeClients(okResponder),
      scheduler: manualScheduler().scheduler,
    });
    expect(prober.probes.map((p) => p.probe)).toEqual(['get-version', 'get-me', 'get-users-id']);
    expect(prober.probes.find((p) => p.probe === 'get-me')).toMatchObject({ intervalSeconds: 5, settings: { timeoutMs: 200 } });
    expect(prober.probes.find((p) => p.probe === 'get-version')).toMatchObject({ intervalSeconds: 15 });
  });

  it('counts a tick that finds the previous run still going as skipped, and never runs twice at once', async () => {
    let release: () => void = () => undefined;
    let concurrent = 0;
    let maxConcurrent = 0;
    let calls = 0;
    const responder: Responder = async (req) => {
      if (req.path !== '/me') return answer({ statusCode: 0 });
      calls += 1;
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      concurrent -= 1;
      return answer({ statusCode: 0, user: { id: 'abc' } });
    };
    const { scheduler, jobs, stopped } = manualScheduler();
    const registry = new Registry();
    const prober = createProber({ targets: [target({ include: ['get-me'] })], contracts, registry, createClient: fakeClients(responder), scheduler });
    prober.start();
    // The probe's job, and the target's features read again on their own schedule.
    expect(jobs.map((j) => j.name)).toEqual(['t1 features', 't1/get-me']);
    const job = jobs[1] as ScheduleRequest;
    // The start-up round is running; two ticks arrive meanwhile. It stands in for them: they do not
    // run, and they are no overlap of the schedule with itself. The scheduler's own skip counts.
    await job.run(0);
    await job.run(0);
    job.onSkip();
    expect(await value(registry, 'gwscheck_probe_skipped_runs_total', { probe: 'get-me' })).toBe(1);
    release();
    await prober.firstRound();
    expect(prober.isReady()).toBe(true);
    expect(calls).toBe(1);
    // Free again: the next tick runs, and a tick during that scheduled run is skipped and counted.
    const next = job.run(0);
    await new Promise((resolve) => setImmediate(resolve));
    await job.run(0);
    await job.run(0);
    expect(await value(registry, 'gwscheck_probe_skipped_runs_total', { probe: 'get-me' })).toBe(3);
    release();
    await next;
    expect(calls).toBe(2);
    expect(maxConcurrent).toBe(1);
    await prober.stop();
    expect(stopped()).toBe(2);
  });

  it('never rejects: a client that throws fails the probe, logs once, and the next run still happens', async () => {
    const errors: [string, LogFields | undefined][] = [];
    const logger: Logger = { info: () => undefined, warn: () => undefined, error: (m, f) => errors.push([m, f]) };
    const registry = new Registry();
    const prober = createProber({
      targets: [target({ include: ['get-me'] })],
      contracts,
      registry,
      logger,
      createClient: fakeClients(() => Promise.reject(new Error('URL too long'))),
      scheduler: manualScheduler().scheduler,
    });
    const failed = { target: 't1', probe: 'get-me', ok: false, outcome: 'http_error', responded: false, error: 'request not sent: URL too long' };
    expect(await prober.runOnce()).toMatchObject([failed]);
    expect(await prober.runOnce()).toMatchObject([failed]);
    expect(errors).toEqual([['request not sent: URL too long', { target: 't1', probe: 'get-me' }]]);
    expect(await value(registry, 'gwscheck_probe_success', { probe: 'get-me' })).toBe(0);
    expect(await value(registry, 'gwscheck_probe_runs_total', { probe: 'get-me', outcome: 'http_error' })).toBe(2);
  });

  it('logs a failure when it starts and when it ends, not on every run; never a credential', async () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'text', write: (line) => lines.push(line.replace(/^\S+ /, '')) });
    let failing = true;
    const responder: Responder = () => (failing ? answer({ statusCode: 4, statusMessage: 'boom' }) : answer({ statusCode: 0 }));
    const prober = createProber({
      targets: [target({ include: ['get-version'] })],
      contracts,
      registry: new Registry(),
      logger,
      clock: fixedClock,
      createClient: fakeClients(responder),
      scheduler: manualScheduler().scheduler,
    });
    for (let i = 0; i < 3; i += 1) await prober.runOnce();
    failing = false;
    await prober.runOnce();
    await prober.runOnce();
    expect(lines).toEqual([
      // The run it names is the one the results pages show at /runs/{run}.
      expect.stringMatching(/^warn probe failed target=t1 probe=get-version outcome=status_code_error statusCode=4 run=[a-z0-9]+-1$/),
      'info probe recovered target=t1 probe=get-version outcome=success',
    ]);
    expect(lines.join()).not.toContain('secret-pw');
  });

  it('passes the per-probe timeout and no credentials for identity none', async () => {
    const seen: { path: string; auth?: string; timeoutMs?: number; username?: string }[] = [];
    const responder: Responder = (req, options) => {
      seen.push({ path: req.path, ...(req.auth ? { auth: req.auth } : {}), ...(req.timeoutMs ? { timeoutMs: req.timeoutMs } : {}), ...(options.username ? { username: options.username } : {}) });
      return okResponder(req, options);
    };
    const prober = createProber({
      targets: [target({ include: ['get-version', 'get-users-id'], probes: { 'get-users-id': { schedule: parseSchedule('1m', 'k'), timeoutMs: 321 } } })],
      contracts,
      registry: new Registry(),
      createClient: fakeClients(responder),
      scheduler: manualScheduler().scheduler,
    });
    const results = await prober.runOnce();
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen).toContainEqual({ path: '/diagnostics/version', auth: 'none', timeoutMs: 1000 });
    expect(seen).toContainEqual({ path: '/me', auth: 'basic', timeoutMs: 321, username: 'u' });
    expect(seen).toContainEqual({ path: '/users/abc', auth: 'basic', timeoutMs: 321, username: 'u' });
    // The resolved id is kept: the second round asks GET /me no more.
    seen.length = 0;
    await prober.runOnce();
    expect(seen.filter((s) => s.path === '/me')).toHaveLength(0);
  });

  it('sets timestamps from the clock and the target version from diagnostics/version', async () => {
    const registry = new Registry();
    const prober = createProber({
      targets: [target({ include: ['get-version'] })],
      contracts,
      registry,
      clock: fixedClock,
      buildVersion: '9.9.9',
      createClient: fakeClients(okResponder),
      scheduler: manualScheduler().scheduler,
    });
    await prober.runOnce();
    expect(await value(registry, 'gwscheck_probe_last_run_timestamp_seconds', { probe: 'get-version' })).toBe(1_700_000_000);
    expect(await value(registry, 'gwscheck_probe_last_success_timestamp_seconds', { probe: 'get-version' })).toBe(1_700_000_000);
    expect(await value(registry, 'gwscheck_target_info', { target: 't1', version: '8.5.201.04' })).toBe(1);
    expect(await value(registry, 'gwscheck_build_info', { version: '9.9.9' })).toBe(1);
  });

  it('takes only its shard', () => {
    const all = createProber({ targets: [target()], contracts, registry: new Registry(), createClient: fakeClients(okResponder) }).probes;
    const shares = [0, 1].map(
      (index) => createProber({ targets: [target()], contracts, registry: new Registry(), createClient: fakeClients(okResponder), shard: { index, count: 2 } }).probes,
    );
    expect(shares.flat().map((p) => p.probe).sort()).toEqual(all.map((p) => p.probe).sort());
  });
  it('gives every run an id, the same the results history keeps it by; /probe\'s run too; and a request not sent', async () => {
    const failing: Responder = (req) => (req.path === '/me' ? answer({ statusCode: 4 }) : okResponder(req, {} as ClientOptions));
    const prober = createProber({
      targets: [target({ include: ['get-version', 'get-me'] })],
      contracts,
      registry: new Registry(),
      createClient: fakeClients(failing),
      scheduler: manualScheduler().scheduler,
      results: { runs: 2, detailBytes: 1024 * 1024 },
    });
    const first = await prober.runOnce();
    const now = await prober.probeNow('t1', 'get-me');
    const ids = [...first, now].map((r) => r?.runId ?? '');
    expect(ids.every((id) => /^[a-z0-9]{6}-[a-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(3);
    const kept = prober.results?.probe('t1', 'get-me');
    expect(kept?.runs.map((r) => r.id)).toEqual([now?.runId, first.find((r) => r.probe === 'get-me')?.runId]);
    expect(kept?.runs[0]).toMatchObject({ outcome: 'status_code_error', reason: 'status_code' });
    expect(prober.results?.locate(now?.runId ?? '')).toMatchObject({ target: 't1', probe: 'get-me' });

    // A request that could not be sent (the client throws) is a run too, with its id and reason.
    const throwing = createProber({
      targets: [target({ include: ['get-version'] })],
      contracts,
      registry: new Registry(),
      createClient: fakeClients(() => Promise.reject(new Error('URL over the 2000-character limit'))),
      scheduler: manualScheduler().scheduler,
    });
    const [unsent] = await throwing.runOnce();
    expect(unsent).toMatchObject({ outcome: 'http_error', runId: expect.stringMatching(/-1$/) as string });
    expect(throwing.results?.probe('t1', 'get-version')?.runs[0]).toMatchObject({ id: unsent?.runId, reason: 'request_not_sent' });
  });

  it('keeps nothing with results: false, and still gives ids', async () => {
    const prober = createProber({
      targets: [target({ include: ['get-version'] })],
      contracts,
      registry: new Registry(),
      createClient: fakeClients(okResponder),
      scheduler: manualScheduler().scheduler,
      results: false,
    });
    const [result] = await prober.runOnce();
    expect(result?.runId).toMatch(/^[a-z0-9]{6}-1$/);
    expect(prober.results).toBeUndefined();
  });
});
