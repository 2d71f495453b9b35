import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ClientOptions, ClientResult, GwsClient, PhaseTimings, RequestOptions } from '../client/index.ts';
import { parseSchedule, proberTarget } from '../config/index.ts';
import type { Contracts, Operation, Verdict } from '../contracts/index.ts';
import { createProber } from './prober.ts';
import type { ScheduleRequest, Scheduler } from './schedule.ts';
import type { LogFields, Logger } from './types.ts';

const TIMINGS: PhaseTimings = { connect: 0.001, tls: 0, processing: 0.01, transfer: 0.001, total: 0.012 };

function op(id: string, path: string, fields: Partial<Operation> = {}): Operation {
  return {
    id, method: 'GET', path, summary: id, identity: 'user', responseSchema: `x/${id}`, statusCodes: [0],
    latencyBudgetMs: 1000, readOnly: true, tags: [], example: {}, requiredFeatures: [], ...fields,
  };
}

const CATALOG = [
  op('get-me', '/me'),
  op('get-me-calls', '/me/calls', { requiredFeatures: ['api-voice'] }),
  op('get-me-chats', '/me/chats', { requiredFeatures: ['api-multimedia'] }),
];

const contracts: Contracts = {
  catalog: CATALOG,
  operation: (id) => CATALOG.find((o) => o.id === id) as Operation,
  judge: (_op, res): Verdict => {
    const code = (res.body as { statusCode?: number } | undefined)?.statusCode ?? null;
    return code === 0 ? { ok: true, outcome: 'success', statusCode: 0, violations: [] } : { ok: false, outcome: 'status_code_error', statusCode: code, violations: [] };
  },
  validate: () => [],
  schemaIds: () => [],
};

function answer(httpStatus: number, body: unknown): Promise<ClientResult> {
  const response = { httpStatus, headers: { 'content-type': 'application/json' }, rawBody: JSON.stringify(body), body, durationMs: 12 };
  return Promise.resolve({ kind: 'response', response, timings: TIMINGS });
}

/**
 * A GWS whose contact center enables `server.features` (undefined: a server without GET /features).
 * An operation whose feature is off answers as GWS does: not found.
 */
function fakeServer(features: string[] | undefined) {
  const server = { features, asked: [] as string[] };
  const createClient = (options: ClientOptions): GwsClient => ({
    baseUrl: options.baseUrl,
    request: (req: RequestOptions) => {
      server.asked.push(req.query === undefined ? req.path : `${req.path}?${new URLSearchParams(req.query).toString()}`);
      if (req.path === '/features') {
        return server.features === undefined
          ? answer(404, { statusCode: 6, statusMessage: 'No resource at /features' })
          : answer(200, { statusCode: 0, features: server.features.map((id) => ({ id })) });
      }
      const needed = CATALOG.find((o) => o.path === req.path)?.requiredFeatures ?? [];
      if (server.features !== undefined && needed.some((f) => !(server.features ?? []).includes(f))) return answer(404, { statusCode: 6, statusMessage: 'Not found' });
      return answer(200, { statusCode: 0 });
    },
    resetSession: () => undefined,
    session: () => ({}),
    close: () => undefined,
  });
  return { server, createClient };
}

function manualScheduler() {
  const jobs: ScheduleRequest[] = [];
  const scheduler: Scheduler = { schedule: (request) => (jobs.push(request), { stop: () => Promise.resolve() }) };
  return { scheduler, job: (name: string) => jobs.find((j) => j.name === name) as ScheduleRequest, jobs };
}

function recordingLogger(lines: string[]): Logger {
  const log = (level: string) => (message: string, fields?: LogFields) => lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

async function series(registry: Registry, name: string): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric(name)?.get();
  return Object.fromEntries((metric?.values ?? []).map((v) => [Object.values(v.labels).join('/'), v.value]));
}

function setUp(features: string[] | undefined) {
  const { server, createClient } = fakeServer(features);
  const { scheduler, job, jobs } = manualScheduler();
  const registry = new Registry();
  const lines: string[] = [];
  let now = 1_700_000_000_000;
  const prober = createProber({
    targets: [proberTarget({ name: 't1', baseUrl: 'http://gws.invalid/api/v2', user: { username: 'u', password: 'pw' }, defaults: { schedule: parseSchedule('15s', 'interval'), timeoutMs: 1000 } })],
    contracts,
    registry,
    createClient,
    scheduler,
    logger: recordingLogger(lines),
    clock: { now: () => now, sleep: () => Promise.resolve() },
  });
  return { server, prober, registry, lines, job, jobs, advance: (ms: number) => (now += ms) };
}

describe('the prober and the targets\' features', () => {
  it('reads them at start-up, exports them, and a probe whose feature is off does not apply: no request, applicable 0', async () => {
    const { server, prober, registry, lines, jobs } = setUp(['api-voice']);
    prober.start();
    await prober.firstRound();
    expect(jobs.map((j) => [j.name, j.schedule.text])).toContainEqual(['t1 features', '5m']);
    expect(server.asked.filter((p) => p.startsWith('/features'))).toEqual(['/features?fields=*']);
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({ 't1/api-voice': 1 });
    expect(await series(registry, 'gwscheck_probe_applicable')).toEqual({ 't1/get-me': 1, 't1/get-me-calls': 1, 't1/get-me-chats': 0 });
    expect(server.asked).not.toContain('/me/chats');
    // No verdict: neither a success nor a failure.
    expect(Object.entries(await series(registry, 'gwscheck_probe_runs_total')).filter(([k, v]) => k.startsWith('t1/get-me-chats/') && v > 0)).toEqual([]);
    expect(lines).toContain(
      'info probe not applicable {"target":"t1","probe":"get-me-chats","reason":"the target does not enable feature api-multimedia (not listed by GET /features), which GET /me/chats requires"}',
    );
    await prober.stop();
  });

  it('on its schedule: a feature switched off reads 0 and its probes stop applying; switched on again, they apply again', async () => {
    const { server, prober, registry, lines, job } = setUp(['api-voice', 'api-multimedia']);
    prober.start();
    await prober.firstRound();
    expect(await series(registry, 'gwscheck_probe_applicable')).toMatchObject({ 't1/get-me-chats': 1 });

    server.features = ['api-voice'];
    await job('t1 features').run(0);
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({ 't1/api-voice': 1, 't1/api-multimedia': 0 });
    await job('t1/get-me-chats').run(0);
    expect(await series(registry, 'gwscheck_probe_applicable')).toMatchObject({ 't1/get-me-chats': 0, 't1/get-me-calls': 1 });

    server.features = ['api-voice', 'api-multimedia'];
    await job('t1 features').run(0);
    await job('t1/get-me-chats').run(0);
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({ 't1/api-voice': 1, 't1/api-multimedia': 1 });
    expect(await series(registry, 'gwscheck_probe_applicable')).toMatchObject({ 't1/get-me-chats': 1 });
    expect(await series(registry, 'gwscheck_probe_success')).toMatchObject({ 't1/get-me-chats': 1 });
    expect(lines.filter((l) => l.includes('"probe":"get-me-chats"')).map((l) => l.split(' {')[0])).toEqual(['info probe not applicable', 'info probe applies again']);
    expect(lines.filter((l) => l.includes('feature')).filter((l) => l.includes('"feature"'))).toEqual([
      'warn feature no longer enabled: the probes that need it do not apply {"target":"t1","feature":"api-multimedia"}',
      'info feature enabled {"target":"t1","feature":"api-multimedia"}',
    ]);
    await prober.stop();
  });

  it('a feature switched off between two reads: a failing run reads them again (at most every 30 s) and does not apply rather than fail', async () => {
    const { server, prober, registry, lines, job, advance } = setUp(['api-voice', 'api-multimedia']);
    prober.start();
    await prober.firstRound();
    server.features = ['api-voice'];
    // Within 30 s of the last read the failure stands: the features are not read on every failure.
    await job('t1/get-me-chats').run(0);
    expect((await series(registry, 'gwscheck_probe_runs_total'))['t1/get-me-chats/status_code_error']).toBe(1);
    advance(30_001);
    await job('t1/get-me-chats').run(0);
    expect(await series(registry, 'gwscheck_probe_applicable')).toMatchObject({ 't1/get-me-chats': 0 });
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({ 't1/api-voice': 1, 't1/api-multimedia': 0 });
    expect((await series(registry, 'gwscheck_probe_runs_total'))['t1/get-me-chats/status_code_error']).toBe(1);
    expect(server.asked.filter((p) => p.startsWith('/features'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('"probe":"get-me-chats"')).map((l) => l.split(' {')[0])).toEqual(['warn probe failed', 'info probe not applicable']);
    await prober.stop();
  });

  it('a server without GET /features (an older GWS) has no feature series, and every probe runs as before', async () => {
    const { server, prober, registry, lines } = setUp(undefined);
    const results = await prober.runOnce();
    expect(results.map((r) => [r.probe, r.outcome])).toEqual([
      ['get-me', 'success'],
      ['get-me-calls', 'success'],
      ['get-me-chats', 'success'],
    ]);
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({});
    expect(server.asked.filter((p) => p.startsWith('/features'))).toHaveLength(1);
    expect(lines).toEqual(['info no features resource; every probe runs without a feature check {"target":"t1","answer":"statusCode 6 (\\"No resource at /features\\")"}']);
    await prober.stop();
  });

  it('without a schedule (GET /probe only) reads them with the first probe asked for, and again once they are 5 minutes old', async () => {
    const { server, prober, registry, advance } = setUp(['api-voice']);
    const reads = (): number => server.asked.filter((p) => p.startsWith('/features')).length;
    expect((await prober.probeNow('t1', 'get-me-chats'))?.outcome).toBe('not_applicable');
    expect(await prober.probeNow('t1', 'get-me-calls')).toMatchObject({ outcome: 'success' });
    expect(reads()).toBe(1);
    server.features = ['api-voice', 'api-multimedia'];
    advance(300_000);
    await prober.probeNow('t1', 'get-me');
    expect(reads()).toBe(1);
    advance(1);
    // The read starts with this request; the probe asked for next sees what it found.
    await prober.probeNow('t1', 'get-me');
    expect(reads()).toBe(2);
    expect((await prober.probeNow('t1', 'get-me-chats'))?.outcome).toBe('success');
    expect(await series(registry, 'gwscheck_target_feature_enabled')).toEqual({ 't1/api-voice': 1, 't1/api-multimedia': 1 });
    await prober.stop();
  });

  it('--once reads the features once, before the probes that need them', async () => {
    const { server, prober } = setUp(['api-multimedia']);
    const results = await prober.runOnce();
    expect(results.find((r) => r.probe === 'get-me-calls')).toMatchObject({ outcome: 'not_applicable', error: expect.stringMatching(/feature api-voice/) as unknown });
    expect(results.find((r) => r.probe === 'get-me-chats')?.outcome).toBe('success');
    expect(server.asked.filter((p) => p.startsWith('/features'))).toHaveLength(1);
    await prober.stop();
  });
});
