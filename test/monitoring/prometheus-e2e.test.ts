// The shipped rules and dashboard against a real Prometheus: simulator → prober → Prometheus.
//
// Timing: Prometheus scrapes and evaluates every second, and the prober runs each probe every
// second. GwscheckProbeFailing has no `for:`; its "three runs in a row" is measured in the probe's
// own interval (gwscheck_probe_interval_seconds), so with 1 s probes it fires about three seconds
// after a fault, with the same rule that waits 45 s for 15 s probes. Alerts with a fixed `for:`
// (GwscheckProberDown, 1m) are shown to reach `pending` here; promtool covers their firing.
// The synthetic-call probe dials the simulator's self-answering test number every second from its
// own test agent; GwscheckSyntheticCallFailing measures its three runs the same way. The
// synthetic-chat probe starts a customer's chat every second and has its own chat agent take it;
// GwscheckSyntheticChatFailing measures its three runs the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { parseSchedule, proberTarget } from '../../src/config/index.ts';
import { loadContracts } from '../../src/contracts/index.ts';
import { createProber, startMetricsServer } from '../../src/prober/index.ts';
import type { Prober } from '../../src/prober/prober.ts';
import type { MetricsServer } from '../../src/prober/server.ts';
import { chatOperations } from '../../src/prober/chat-step.ts';
import { dialOperation } from '../../src/prober/synthetic-call.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { Simulator } from '../../src/simulator/simulator.ts';
import { CHAT_AGENT, CONTACT_CENTER_ID, PROBE_AGENT } from '../prober/harness.ts';
import { eventually, freePort, startPrometheus, type PromAlert, type PromSample, type RunningPrometheus } from './prometheus-harness.ts';
import {
  labelValuesQuery,
  panelQueries,
  PROBER_COUNTERS_AND_GAUGES,
  PROBER_HISTOGRAMS,
  readDashboard,
  substituteVariables,
} from './promql.ts';

const TARGET = 'sim';
const PROBES = ['get-diagnostics-version', 'get-me', 'get-me-channels'] as const;
const STATE_PROBE = 'post-me-channels-voice';
const ALL_PROBES = [...PROBES, STATE_PROBE].sort();
const DEADLINE = { deadlineMs: 20_000 } as const;
/** The synthetic-call probe dials from a test agent of its own, the prober tests' probe agent. */
const CALL_AGENT = PROBE_AGENT;
/** Panels whose series only an https target exports: their queries must run, but may be empty here. */
const HTTPS_ONLY_PANELS: ReadonlySet<string> = new Set(['TLS certificate expiry']);

/**
 * Panels whose point is what goes wrong: without a fault their series exist (the prober creates
 * every counter at 0) but show only zeros. The test injects each fault and expects a non-zero
 * series with these labels.
 */
const NEEDS_FAULT: Record<string, { readonly reason: string; readonly nonZero: readonly Record<string, string>[] }> = {
  'Probes failing now': { reason: 'counts failing probes: the retype fault fails get-me', nonZero: [{}] },
  'Outcomes over time': {
    reason: 'failed outcomes appear under the statusCode 4 fault and the retype fault',
    nonZero: [{ outcome: 'status_code_error' }, { outcome: 'schema_violation' }],
  },
  'Why probes fail': {
    reason: 'the retype fault fails get-me for its schema; the failed Dial of the synthetic call is an operation that failed',
    nonZero: [{ reason: 'schema' }, { reason: 'operation_failed' }],
  },
  'GWS statusCodes': { reason: 'statusCode 4 appears under the status-code fault', nonZero: [{ status_code: '4' }] },
  'Schema violations by keyword': {
    reason: 'the retype fault breaks `type`, the added attribute `additionalProperties`',
    nonZero: [{ keyword: 'type' }, { keyword: 'additionalProperties' }],
  },
  'Contract drift by grade': {
    reason: 'the retype fault is breaking drift, the added attribute additive drift',
    nonZero: [{ grade: 'breaking' }, { grade: 'additive' }],
  },
};

let simulator: Simulator | undefined;
let gws: RunningSimulator | undefined;
let prober: Prober | undefined;
let metrics: MetricsServer | undefined;
let prometheus: RunningPrometheus | undefined;
let testStart = 0;

async function control(method: 'POST' | 'PUT' | 'DELETE', body?: unknown, path = 'faults'): Promise<void> {
  if (gws === undefined) throw new Error('simulator not started');
  const response = await fetch(`${gws.origin}/__simulator/${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  expect(response.status, await response.text()).toBeLessThan(300);
}

type SimulatorChat = { id: string; state: string; agents: { state: string }[] };

/** A chat still open for its customer or one of its agents. */
const isOpen = (chat: SimulatorChat): boolean => chat.state !== 'Idle' || chat.agents.some((a) => a.state !== 'Completed');

/** Every chat the simulator holds: the customer's state and each agent's. */
async function simulatorChats(): Promise<SimulatorChat[]> {
  if (gws === undefined) throw new Error('simulator not started');
  const listed = (await (await fetch(`${gws.origin}/__simulator/chats`)).json()) as { chats: SimulatorChat[] };
  return listed.chats;
}

function prom(): RunningPrometheus {
  if (prometheus === undefined) throw new Error('Prometheus not started');
  return prometheus;
}

/** Resolves with the alert once `name` for `probe` is in `state`. */
function alertReaches(name: string, state: 'pending' | 'firing', labels: Record<string, string>): Promise<PromAlert> {
  return eventually(
    async () => {
      const alerts = await prom().alerts();
      return alerts.find((a) => a.labels['alertname'] === name && a.state === state && Object.entries(labels).every(([k, v]) => a.labels[k] === v));
    },
    { ...DEADLINE, what: `${name} ${JSON.stringify(labels)} ${state}` },
  );
}

async function activeAlerts(name: string, labels: Record<string, string>): Promise<PromAlert[]> {
  const alerts = await prom().alerts();
  return alerts.filter((a) => a.labels['alertname'] === name && Object.entries(labels).every(([k, v]) => a.labels[k] === v));
}

async function successOf(probe: string): Promise<number | undefined> {
  const [sample] = await prom().query(`gwscheck_probe_success{target="${TARGET}",probe="${probe}"}`);
  return sample?.value === undefined ? undefined : Number(sample.value[1]);
}

function hasNonZero(series: readonly PromSample[], labels: Record<string, string>): boolean {
  return series.some(
    (s) =>
      Object.entries(labels).every(([k, v]) => s.metric[k] === v) &&
      [...(s.values ?? []), ...(s.value ? [s.value] : [])].some(([, v]) => Number(v) > 0),
  );
}

beforeAll(async () => {
  testStart = Math.floor(Date.now() / 1000) - 1;
  simulator = buildSimulator({ fixtures: { ...DEFAULT_FIXTURES, users: [...DEFAULT_FIXTURES.users, CALL_AGENT, CHAT_AGENT] } });
  gws = await listen(simulator, { host: '127.0.0.1', port: 0 });
  const everySecond = { schedule: parseSchedule('1s', 'interval'), timeoutMs: 2000 };
  const registry = new Registry();
  prober = createProber({
    targets: [
      proberTarget({
        name: TARGET,
        baseUrl: gws.url,
        user: { username: 'lsupervisor', password: 'supervisor' },
        include: [...PROBES],
        defaults: everySecond,
        // The opt-in state-change probe, on the simulator's seeded agent, feeds the settle-time panel.
        stateChange: {
          agent: { username: 'ksippo', password: '' },
          schedule: parseSchedule('2s', 'stateChange.interval'),
          timeoutMs: 2000,
          settleTimeoutMs: 3000,
          pollIntervalMs: 50,
        },
        syntheticCall: {
          agent: { username: CALL_AGENT.userName, password: CALL_AGENT.password },
          testNumber: '15002',
          schedule: parseSchedule('1s', 'syntheticCall.interval'),
          timeoutMs: 2000,
          settleTimeoutMs: 3000,
          pollIntervalMs: 50,
        },
        contactCenterId: CONTACT_CENTER_ID,
        syntheticChat: {
          agent: { username: CHAT_AGENT.userName, password: CHAT_AGENT.password },
          contactCenterId: CONTACT_CENTER_ID,
          schedule: parseSchedule('1s', 'syntheticChat.interval'),
          timeoutMs: 2000,
          settleTimeoutMs: 1000,
          pollIntervalMs: 50,
        },
      }),
    ],
    contracts: loadContracts(),
    registry,
    buildVersion: '0.0.0-e2e',
  });
  metrics = await startMetricsServer({ registry, isReady: () => prober?.isReady() ?? false, host: '127.0.0.1', port: 0 });
  prober.start();
  // A second job at a port nobody listens on: up == 0, as for a prober that is down.
  const closedPort = await freePort();
  prometheus = await startPrometheus({
    probers: [`127.0.0.1:${metrics.address.port}`],
    extraJobs: [{ job: 'gwscheck-missing', targets: [`127.0.0.1:${closedPort}`] }],
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await prober?.stop();
  await metrics?.close();
  await gws?.close();
  simulator?.dispose();
}, 30_000);

describe('monitoring end to end: simulator, prober and a real Prometheus', () => {
  it('scrapes every probe through the shipped gwscheck job, with the target label kept', async () => {
    const text = await (await fetch(`${metrics?.url ?? ''}/metrics`)).text();
    for (const family of [...PROBER_COUNTERS_AND_GAUGES, ...PROBER_HISTOGRAMS]) {
      expect(text, `${family} on /metrics`).toMatch(new RegExp(`^# TYPE ${family} `, 'm'));
    }

    const series = await eventually(
      async () => {
        const result = await prom().query(`gwscheck_probe_success{job="gwscheck"} == 1`);
        return result.length === ALL_PROBES.length ? result : undefined;
      },
      { ...DEADLINE, what: 'every probe scraped and succeeding' },
    );
    expect(series.map((s) => s.metric['probe']).sort()).toEqual(ALL_PROBES);
    // Prometheus asks for OpenMetrics and parses the page without a complaint.
    const [scraped] = (await prom().targets()).filter((t) => t.labels['job'] === 'gwscheck');
    expect([scraped?.health, scraped?.lastError]).toEqual(['up', '']);
    for (const s of series) {
      expect(s.metric['target']).toBe(TARGET);
      expect(s.metric['instance']).toBe(`127.0.0.1:${metrics?.address.port}`);
    }
    const availability = await eventually(
      async () => {
        // NaN (0 runs / 0 runs) until the window holds a run of every probe, the 2 s one included.
        const result = await prom().query(`target_probe:gwscheck_probe_availability:ratio_rate5m{target="${TARGET}"}`);
        const complete = result.length === ALL_PROBES.length && result.every((s) => !Number.isNaN(Number(s.value?.[1])));
        return complete ? result : undefined;
      },
      { ...DEADLINE, what: 'availability recorded for every probe' },
    );
    for (const s of availability) expect(Number(s.value?.[1])).toBe(1);
    expect(await activeAlerts('GwscheckProbeFailing', {})).toEqual([]);
    // The target's features, read at start-up: every one the simulator has is on.
    const features = await prom().query(`gwscheck_target_feature_enabled{job="gwscheck",target="${TARGET}"}`);
    expect(features.find((s) => s.metric['feature'] === 'api-voice')?.value?.[1]).toBe('1');
    expect(await activeAlerts('GwscheckFeatureDisabled', {})).toEqual([]);
  });

  it('raises GwscheckProberDown as pending for a prober it cannot scrape (its for: is 1m)', async () => {
    const alert = await alertReaches('GwscheckProberDown', 'pending', { job: 'gwscheck-missing' });
    expect(alert.labels['severity']).toBe('critical');
    expect(await activeAlerts('GwscheckProberDown', { job: 'gwscheck' })).toEqual([]);
  });

  it('a GWS error on one operation: success 0, GwscheckProbeFailing and fast burn fire; recovery clears the probe alert', async () => {
    await control('POST', { type: 'status-code', statusCode: 4, httpStatus: 500, route: '/me' });
    await eventually(async () => ((await successOf('get-me')) === 0 ? true : undefined), { ...DEADLINE, what: 'get-me success 0' });

    const failing = await alertReaches('GwscheckProbeFailing', 'firing', { target: TARGET, probe: 'get-me' });
    expect(failing.labels['severity']).toBe('warning');
    expect(failing.annotations['summary']).toBe(`Probe get-me on ${TARGET} is failing`);
    // The alert aggregates `instance` away; its link finds the prober that runs the probe.
    expect(failing.annotations['probe_page']).toBe(`${metrics?.url ?? ''}/probes/${TARGET}/get-me`);
    await alertReaches('GwscheckErrorBudgetFastBurn', 'firing', { target: TARGET, probe: 'get-me' });
    // One operation failing is not the node down: the other probes still succeed.
    expect(await activeAlerts('GwscheckTargetDown', {})).toEqual([]);
    expect((await activeAlerts('GwscheckProbeFailing', {})).map((a) => a.labels['probe'])).toEqual(['get-me']);
    expect(await successOf('get-me-channels')).toBe(1);

    await control('DELETE');
    await eventually(async () => ((await successOf('get-me')) === 1 ? true : undefined), { ...DEADLINE, what: 'get-me success back to 1' });
    await eventually(async () => ((await activeAlerts('GwscheckProbeFailing', { probe: 'get-me' })).length === 0 ? true : undefined), {
      ...DEADLINE,
      what: 'GwscheckProbeFailing resolved',
    });
    // The fast-burn alert stays until its 5m window is clean again; promtool's cases show that reset.
  });

  it('a retyped attribute fires GwscheckContractDrift; an added attribute only GwscheckAdditiveDrift', async () => {
    expect(await activeAlerts('GwscheckContractDrift', { probe: 'get-me' })).toEqual([]);
    expect(await activeAlerts('GwscheckAdditiveDrift', {})).toEqual([]);
    await control('POST', { type: 'mutate', op: 'retype', pointer: '/user/id', value: 42, route: '/me' });
    await control('POST', { type: 'mutate', op: 'add', pointer: '/channels/0/newAttribute', value: 'x', route: '/me/channels' });

    const drift = await alertReaches('GwscheckContractDrift', 'firing', { target: TARGET, probe: 'get-me' });
    expect(drift.labels['severity']).toBe('critical');
    const additive = await alertReaches('GwscheckAdditiveDrift', 'firing', { target: TARGET, probe: 'get-me-channels' });
    expect(additive.labels['severity']).toBe('warning');
    expect(await activeAlerts('GwscheckContractDrift', { probe: 'get-me-channels' })).toEqual([]);
    // Additive drift keeps the contract: the probe still succeeds.
    expect(await successOf('get-me-channels')).toBe(1);
    await eventually(async () => ((await successOf('get-me')) === 0 ? true : undefined), { ...DEADLINE, what: 'get-me failing on the retype' });
  });

  it('a failing Dial fires GwscheckSyntheticCallFailing; a working one resolves it, with no call left behind', async () => {
    const calls = (outcome: string) => prom().query(`sum(gwscheck_call_probe_runs_total{target="${TARGET}",outcome="${outcome}"})`);
    await eventually(async () => (Number((await calls('success'))[0]?.value?.[1] ?? 0) > 0 ? true : undefined), {
      ...DEADLINE,
      what: 'a successful synthetic call scraped',
    });
    expect(await activeAlerts('GwscheckSyntheticCallFailing', {})).toEqual([]);

    // The Dial is acknowledged, then fails with a Voice ErrorMessage [ErrorHandling 8.5.2].
    await control('PUT', { defects: ['dial-fails'] }, 'defects');
    const failing = await alertReaches('GwscheckSyntheticCallFailing', 'firing', { target: TARGET });
    expect(failing.labels['severity']).toBe('critical');
    expect(failing.annotations['summary']).toBe(`Synthetic calls on ${TARGET} are failing`);
    expect(failing.annotations['probe_page']).toBe(`${metrics?.url ?? ''}/probes/${TARGET}/${dialOperation(loadContracts()).id}`);
    expect(Number((await calls('dial_failed'))[0]?.value?.[1] ?? 0)).toBeGreaterThanOrEqual(3);
    // Only the call path is broken: the operation probes keep succeeding.
    expect(await successOf('get-me-channels')).toBe(1);

    await control('PUT', { defects: [] }, 'defects');
    await eventually(async () => ((await activeAlerts('GwscheckSyntheticCallFailing', {})).length === 0 ? true : undefined), {
      ...DEADLINE,
      what: 'GwscheckSyntheticCallFailing resolved',
    });
    const [left] = await prom().query(`sum(gwscheck_call_cleanup_failures_total{target="${TARGET}"})`);
    expect(Number(left?.value?.[1])).toBe(0);
    expect(await activeAlerts('GwscheckCallCleanupFailed', {})).toEqual([]);
  });

  it('chats never offered to an agent fire GwscheckSyntheticChatFailing; a working router resolves it, with no chat left open', async () => {
    const chats = async (outcome: string) => Number((await prom().query(`sum(gwscheck_chat_probe_runs_total{target="${TARGET}",outcome${outcome}})`))[0]?.value?.[1] ?? 0);
    await eventually(async () => ((await chats('="success"')) > 0 ? true : undefined), { ...DEADLINE, what: 'a successful synthetic chat scraped' });
    expect(await activeAlerts('GwscheckSyntheticChatFailing', {})).toEqual([]);
    const failedBefore = await chats('!="success"');

    // RequestChat is accepted, but the chat waits in its queue: no agent is ever offered it.
    await control('PUT', { defects: ['chat-never-offered'] }, 'defects');
    const failing = await alertReaches('GwscheckSyntheticChatFailing', 'firing', { target: TARGET });
    expect(failing.labels['severity']).toBe('critical');
    expect(failing.annotations['summary']).toBe(`Synthetic chats on ${TARGET} are failing`);
    expect(failing.annotations['probe_page']).toBe(`${metrics?.url ?? ''}/probes/${TARGET}/${chatOperations(loadContracts()).requestChat.id}`);
    // Three intervals since the last success: at least two failed runs (a failing run waits out its
    // settle timeout, so ticks are skipped), the run in progress when the fault came perhaps at a later step.
    expect((await chats('!="success"')) - failedBefore).toBeGreaterThanOrEqual(2);
    expect(await chats('="delivery_timeout"')).toBeGreaterThanOrEqual(1);
    // Only the chat path is broken: the operation probes keep succeeding.
    expect(await successOf('get-me-channels')).toBe(1);
    // Each failing run withdraws its chat: none waits for an agent but the one of the run in progress.
    const offered = await simulatorChats();
    expect(offered.filter(isOpen).length).toBeLessThanOrEqual(1);

    await control('PUT', { defects: [] }, 'defects');
    await eventually(async () => ((await activeAlerts('GwscheckSyntheticChatFailing', {})).length === 0 ? true : undefined), {
      ...DEADLINE,
      what: 'GwscheckSyntheticChatFailing resolved',
    });
    // Every chat the failing runs requested is over: withdrawn by its customer, never left waiting for an agent.
    const now = new Map((await simulatorChats()).map((c) => [c.id, c]));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(offered.map((c) => now.get(c.id)).filter((c) => c !== undefined && isOpen(c))).toEqual([]);
    const [left] = await prom().query(`sum(gwscheck_chat_cleanup_failures_total{target="${TARGET}"})`);
    expect(Number(left?.value?.[1])).toBe(0);
    expect(await activeAlerts('GwscheckChatCleanupFailed', {})).toEqual([]);
  });

  it('runs every dashboard query with its variables filled in: none errors, each has data', async () => {
    const dashboard = readDashboard();
    // A keyword series appears with its first violation (late-series.test.yml), so increase() shows
    // it from the scrape after that: wait for it, as the drift alerts did not need to.
    await eventually(
      async () => {
        const shown = await prom().query('sum by (keyword) (increase(gwscheck_probe_schema_violations_total[5s])) > 0');
        const keywords = new Set(shown.map((s) => s.metric['keyword']));
        return keywords.has('type') && keywords.has('additionalProperties') ? true : undefined;
      },
      { ...DEADLINE, what: 'the keyword breakdown showing the retype and the added attribute' },
    );
    const now = Math.ceil(Date.now() / 1000);
    const values = { target: TARGET, probe: '.*', rateInterval: '5s', interval: '1s', range: `${now - testStart}s` };

    const targets = await prom().labelValues('target', labelValuesQuery('label_values(gwscheck_probe_success, target)').selector);
    expect(targets).toContain(TARGET);
    for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
      const text = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
      const { selector, label } = labelValuesQuery(substituteVariables(text, values));
      const found = await prom().labelValues(label, selector);
      expect(found, variable.name).toEqual(variable.name === 'probe' ? ALL_PROBES : [TARGET]);
    }

    const empty: string[] = [];
    const queries = panelQueries(dashboard);
    expect(queries.length).toBeGreaterThan(15);
    for (const q of queries) {
      const expr = substituteVariables(q.expr, values);
      const where = `${q.panel} ${q.refId}: ${expr}`;
      const result = q.instant ? await prom().query(expr, now) : await prom().queryRange(expr, testStart, now, 1);
      // The certificate gauge exists only for https targets; this simulator speaks http (the
      // gauge itself is checked against a real certificate in test/prober/tls.test.ts).
      if (result.length === 0 && !HTTPS_ONLY_PANELS.has(q.panel)) empty.push(where);
      const needs = NEEDS_FAULT[q.panel];
      if (needs !== undefined && q.refId === 'A') {
        for (const labels of needs.nonZero) expect(hasNonZero(result, labels), `${where}: ${needs.reason}`).toBe(true);
      }
    }
    expect(empty).toEqual([]);
  });
});
