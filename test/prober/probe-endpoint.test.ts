import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientOptions, type GwsClient } from '../../src/client/index.ts';
import { createProber, probeEndpoint, startMetricsServer } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import type { MetricsServer } from '../../src/prober/server.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import { PROBER_COUNTERS_AND_GAUGES, PROBER_HISTOGRAMS } from '../monitoring/promql.ts';
import { sample, sharedContracts, simulatorTarget, startSimulator, type TestSimulator } from './harness.ts';

let sim: TestSimulator;
let prober: Prober;
let server: MetricsServer;
let registry: Registry;
const requests = new Map<string, number>();

function counting(options: ClientOptions): GwsClient {
  const client = createClient(options);
  return {
    ...client,
    request: (req) => {
      requests.set(req.path, (requests.get(req.path) ?? 0) + 1);
      return client.request(req);
    },
  };
}

beforeAll(async () => {
  sim = await startSimulator();
  registry = new Registry();
  prober = createProber({
    targets: [
      simulatorTarget(sim.url, { name: 'gws-a', include: ['get-diagnostics-version', 'get-me'] }),
      simulatorTarget(sim.url, { name: 'gws-b', include: ['get-diagnostics-version'] }),
    ],
    contracts: sharedContracts(),
    registry,
    createClient: counting,
    buildVersion: '1.2.3',
  });
  // Not started: in the multi-target pattern Prometheus decides when a probe runs.
  server = await startMetricsServer({ registry, isReady: () => true, host: '127.0.0.1', port: 0, probe: probeEndpoint(prober, '1.2.3') });
});
afterAll(async () => {
  await prober.stop();
  await server.close();
  await sim.close();
});

async function get(query: string): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(`${server.url}/probe${query}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

describe('GET /probe (the multi-target exporter pattern)', () => {
  it('runs the one probe now and answers its result with the metric names of /metrics', async () => {
    const answer = await get('?target=gws-a&probe=get-me');
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('text/plain');
    expect(answer.body).toContain('gwscheck_probe_success{target="gws-a",probe="get-me"} 1\n');
    expect(answer.body).toContain('gwscheck_probe_runs_total{target="gws-a",probe="get-me",outcome="success"} 1\n');
    expect(answer.body).toContain('gwscheck_probe_duration_seconds_count{target="gws-a",probe="get-me"} 1\n');
    expect(answer.body).toContain(`gwscheck_build_info{version="1.2.3",revision="unknown",node="${process.versions.node}"} 1\n`);
    // An operation probe's answer: every family but the synthetic call's and chat's own (gwscheck_call_*, gwscheck_chat_*).
    const own = (f: string): boolean => f.startsWith('gwscheck_call_') || f.startsWith('gwscheck_chat_');
    const families = [...PROBER_COUNTERS_AND_GAUGES, ...PROBER_HISTOGRAMS].filter((f) => !own(f));
    for (const family of families) expect(answer.body).toMatch(new RegExp(`^# TYPE ${family} `, 'm'));
    expect(answer.body).not.toMatch(/^# TYPE gwscheck_(call|chat)_/m);
    // Only this probe: a registry of its own per request.
    expect(answer.body).not.toContain('probe="get-diagnostics-version"');
    expect(answer.body).not.toContain('target="gws-b"');
    // The run counts on /metrics too, as a scheduled run would.
    expect(await sample(registry, 'gwscheck_probe_runs_total', { target: 'gws-a', probe: 'get-me', outcome: 'success' })).toBe(1);
  });

  it('answers every run afresh: a second request is a second run with counters from 1 again', async () => {
    const before = requests.get('/diagnostics/version') ?? 0;
    for (let i = 0; i < 2; i += 1) {
      const answer = await get('?target=gws-b&probe=get-diagnostics-version');
      expect(answer.body).toContain('gwscheck_probe_runs_total{target="gws-b",probe="get-diagnostics-version",outcome="success"} 1\n');
      expect(answer.body).toMatch(/^gwscheck_target_info\{target="gws-b",version="[^"]+"\} 1$/m);
    }
    expect((requests.get('/diagnostics/version') ?? 0) - before).toBe(2);
  });

  it('shares one run between requests for the same probe that arrive while it runs', async () => {
    await sim.fault({ type: 'latency', fixedMs: 300, route: '/me' });
    try {
      const before = requests.get('/me') ?? 0;
      const answers = await Promise.all([get('?target=gws-a&probe=get-me'), get('?target=gws-a&probe=get-me')]);
      for (const answer of answers) expect(answer.body).toContain('gwscheck_probe_success{target="gws-a",probe="get-me"} 1\n');
      expect((requests.get('/me') ?? 0) - before).toBe(1);
    } finally {
      await sim.clearFaults();
    }
  });

  it.each([
    ['', 'missing query parameter "target" (expected /probe?target=NAME&probe=ID)'],
    ['?target=gws-a', 'missing query parameter "probe" (expected /probe?target=NAME&probe=ID)'],
    ['?target=nope&probe=get-me', 'unknown target "nope" (expected one of the configured target names)'],
    ['?target=gws-b&probe=get-me', 'unknown probe "get-me" for target "gws-b" (expected an operation id this target probes)'],
  ])('answers 400 with one line for %j', async (query, line) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(`${line}\n`);
  });

  it('is absent (404) from a server not given a prober', async () => {
    const plain = await startMetricsServer({ registry: new Registry(), isReady: () => true, host: '127.0.0.1', port: 0 });
    try {
      expect((await fetch(`${plain.url}/probe?target=gws-a&probe=get-me`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('GET /probe?...&debug=true: the run as text, for a person', () => {
  // A target whose credentials are not public: every form of this password is masked.
  const PASSWORD = 'Zq9-unique-Pw!';
  const BASIC = Buffer.from(`ksippo:${PASSWORD}`, 'latin1').toString('base64');
  let secretSim: TestSimulator;
  let secretProber: Prober;
  let secretServer: MetricsServer;

  beforeAll(async () => {
    const users = DEFAULT_FIXTURES.users.map((u) => (u.userName === 'ksippo' ? { ...u, password: PASSWORD } : u));
    secretSim = await startSimulator({ fixtures: { ...DEFAULT_FIXTURES, users } });
    secretProber = createProber({
      targets: [
        simulatorTarget(secretSim.url, {
          name: 'gws-s',
          user: { username: 'ksippo', password: PASSWORD },
          admin: undefined,
          include: ['get-me'],
          defaults: { ...simulatorTarget(secretSim.url).defaults, timeoutMs: 500 },
        }),
      ],
      contracts: sharedContracts(),
      registry: new Registry(),
      buildVersion: '1.2.3',
    });
    secretServer = await startMetricsServer({ registry: new Registry(), isReady: () => true, host: '127.0.0.1', port: 0, probe: probeEndpoint(secretProber, '1.2.3') });
  });
  afterAll(async () => {
    await secretProber.stop();
    await secretServer.close();
    await secretSim.close();
  });

  async function debug(query: string): Promise<{ status: number; type: string; body: string }> {
    const response = await fetch(`${secretServer.url}/probe${query}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  }

  function expectNoPassword(text: string): void {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(BASIC);
    expect(text).not.toContain(PASSWORD.slice(0, 7));
  }

  it('a failed run: the violation and its schema rule, the documentation, the request as sent, the response and a curl line; no password', async () => {
    // A retyped attribute breaks the contract; an added one echoes the password back in the body.
    await secretSim.fault({ type: 'mutate', op: 'retype', pointer: '/user/enabled', route: '/me' });
    await secretSim.fault({ type: 'mutate', op: 'add', pointer: '/user/echo', value: `your password is ${PASSWORD}`, route: '/me' });
    try {
      const answer = await debug('?target=gws-s&probe=get-me&debug=true');
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/plain; charset=utf-8');
      const text = answer.body;
      expect(text).toMatch(/^target: gws-s\nprobe: get-me\n/);
      expect(text).toContain('\noutcome: schema_violation\nreason: schema\n');
      expect(text).toContain('\nstatusCode: 0\n');
      expect(text).toMatch(/\n- \/user\/enabled \[type, breaking\]: response body \/user\/enabled: .+\n {2}schema rule \S+#\/\S+\n/);
      expect(text).toMatch(/\nGWS documentation\n- [A-Za-z0-9-]+: https:\/\/\S*docs\.genesys\.com\//);
      // The request as the client sent it, the credentials masked.
      expect(text).toMatch(new RegExp(`\\nRequest\\nGET ${secretSim.url.replace(/[.]/g, '\\.')}/me\\S*\\n`));
      expect(text).toMatch(/\nauthorization: (Basic )?\*\*\*\n/);
      // The response: status line, headers, the body with the broken attribute and the echo masked.
      expect(text).toMatch(/\nResponse\nHTTP 200 OK\ncontent-type: application\/json[^\n]*\n/);
      expect(text).toMatch(/\n {4}"enabled": "[^"]*",?\n/);
      expect(text).toContain('"echo": "your password is ***"');
      expect(text).toMatch(new RegExp(`\\nReproduce\\ncurl -g -sS -i -X GET '${secretSim.url.replace(/[.]/g, '\\.')}/me[^']*' -u "ksippo:\\$GWS_PASSWORD"`));
      expectNoPassword(text);
    } finally {
      await secretSim.clearFaults();
    }
  });

  it('a run without an answer: the request as sent, no response, the timeout', async () => {
    await secretSim.fault({ type: 'hang', route: '/me' });
    try {
      const text = (await debug('?target=gws-s&probe=get-me&debug=true')).body;
      expect(text).toContain('\noutcome: timeout\nreason: timeout\n');
      expect(text).toContain('\nerror: no complete response within 500 ms\n');
      expect(text).toMatch(/\nResponse\nno response after \d+ ms\n/);
      expect(text).toContain('-u "ksippo:$GWS_PASSWORD"');
      expectNoPassword(text);
    } finally {
      await secretSim.clearFaults();
    }
  });

  it('a run that held: one line and the timings', async () => {
    const text = (await debug('?target=gws-s&probe=get-me&debug=true')).body;
    expect(text).toMatch(/^gws-s get-me( \(run [a-z0-9-]+\))? held: success, statusCode 0, [\d.]+ ms\ntimings: connect [\d.]+ ms, tls 0 ms, processing [\d.]+ ms, transfer [\d.]+ ms, total [\d.]+ ms\n$/);
  });

  it('debug=false answers the metrics, as without it', async () => {
    const answer = await debug('?target=gws-s&probe=get-me&debug=false');
    expect(answer.body).toContain('gwscheck_probe_success{target="gws-s",probe="get-me"} 1\n');
  });

  it.each([['yes'], [''], ['TRUE']])('debug=%j: 400 with one line naming it', async (value) => {
    const answer = await debug(`?target=gws-s&probe=get-me&debug=${value}`);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(`query parameter debug is ${JSON.stringify(value)} (expected true or false)\n`);
  });
});
