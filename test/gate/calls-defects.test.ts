// The call, device and supervisor contracts, run as a user runs them: each call defect of the
// simulator makes the gate exit 1 naming the contract and the rule it broke, and a faithful run
// leaves no call behind, the device as it found it and the supervisor monitoring nobody.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { inPool, runCli, type CliRun } from './cli.ts';

const AGENT = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };
const AGENT_DEVICE = '74152ed8-9e3a-4c1b-8f2d-5a6b7c8d9e01';
// Reports mask every configured password wherever it appears: the seed's "supervisor" would mask
// the word in supervisorMonitoringState, so the supervisor gets a password no message contains.
const SUPERVISOR_PASSWORD = 'gwscheck-watch-7';
const FIXTURES = { ...DEFAULT_FIXTURES, users: DEFAULT_FIXTURES.users.map((u) => (u.userName === 'lsupervisor' ? { ...u, password: SUPERVISOR_PASSWORD } : u)) };
const SUPERVISOR = { Authorization: `Basic ${Buffer.from(`lsupervisor:${SUPERVISOR_PASSWORD}`).toString('base64')}` };
const SUPERVISOR_DEVICE = '85263fe9-af4b-4d2c-9a3e-6b7c8d9e0f02';
const MONITORING = 'post-me-devices-id: a supervisor listens in on';
const INBOUND = 'post-me-calls-id: an inbound call rings';
const QUEUED = 'post-me-calls-id: a call delivered through a queue';

/** Defect → the tag that selects its contracts, the contract that must fail, and the rule its failure names. */
const DEFECTS: readonly { mode: DefectMode; tag: 'call' | 'device' | 'supervisor'; contract: string; rule: RegExp }[] = [
  { mode: 'hold-ignored', tag: 'call', contract: 'post-me-calls-id: a dialled call is held', rule: /StatusChange .*showing state Held/ },
  { mode: 'hangup-ignored', tag: 'call', contract: 'post-me-calls-id: a dialled call is held', rule: /showing state Released/ },
  { mode: 'capabilities-stale', tag: 'call', contract: 'post-me-calls-id: a dialled call is held', rule: /capabilities/ },
  { mode: 'userdata-lost', tag: 'call', contract: 'post-me-calls-id: user data is attached', rule: /userData/ },
  { mode: 'notification-wrong-call', tag: 'call', contract: 'post-me-calls-id: a dialled call is held', rule: /announced state Dialing after Dial .*, but GET then shows nothing/ },
  { mode: 'dtmf-not-reported', tag: 'call', contract: 'post-me-calls-id: user data is attached', rule: /no DtmfSent on \/v2\/me\/calls/ },
  { mode: 'recording-state-stuck', tag: 'call', contract: 'post-me-calls-id: call recording', rule: /CallRecordingStateChange .*recordingState Recording/ },
  { mode: 'transfer-leaves-call', tag: 'call', contract: 'post-me-calls-id: InitiateTransfer holds the call', rule: /state Released .*after CompleteTransfer/ },
  { mode: 'wrong-state-accepted', tag: 'call', contract: 'post-me-calls-id: operations the call\'s state does not offer', rule: /statusCode 0.*expected 2/ },
  { mode: 'dial-fails', tag: 'call', contract: 'post-me-calls-id: a dialled call is held', rule: /Dial 15002 was acknowledged, then failed: ErrorMessage/ },
  { mode: 'reject-ignored', tag: 'call', contract: QUEUED, rule: /no StatusChange on \/v2\/me\/calls showing state Released .*after Reject on call/ },
  { mode: 'direct-call-rejectable', tag: 'call', contract: INBOUND, rule: /statusCode 0.*expected 2/ },
  { mode: 'disposition-not-reported', tag: 'call', contract: 'post-me-calls-id: SetCallDisposition', rule: /no AttachedDataChanged on \/v2\/me\/calls showing userData\/GwscheckDisposition Referred .*after SetCallDisposition/ },
  { mode: 'participant-not-removed', tag: 'call', contract: 'post-me-calls-id: RemoveParticipantFromConference', rule: /GET still shows participant 5001 .*\[src: RemoveParticipantFromConference\]/ },
  { mode: 'dnd-not-applied', tag: 'device', contract: 'post-me-devices-id: DoNotDisturbOn and DoNotDisturbOff', rule: /doNotDisturb On/ },
  { mode: 'forward-not-applied', tag: 'device', contract: 'post-me-devices-id: ForwardCallsOn shows forwardTo', rule: /forwardTo 15002/ },
  { mode: 'supervisor-allowed-for-agent', tag: 'device', contract: 'post-me-devices-id: ListenIn, Coach and BargeIn by an agent', rule: /expected 3 or 5/ },
  { mode: 'monitoring-not-applied', tag: 'supervisor', contract: MONITORING, rule: /DeviceStateChangeMessage on \/v2\/me\/devices showing supervisorMonitoringState\/state ListenIn/ },
  { mode: 'monitoring-not-cancelled', tag: 'supervisor', contract: MONITORING, rule: /showing supervisorMonitoringState gone .*after CancelSupervisorMonitoring/ },
  { mode: 'coach-reported-as-listenin', tag: 'supervisor', contract: MONITORING, rule: /showing supervisorMonitoringState\/state Coach .*after Coach/ },
  { mode: 'listening-not-shown', tag: 'supervisor', contract: MONITORING, rule: /supervisorListeningIn false, not true, .* after ListenIn/ },
];

interface GateRun {
  readonly cli: CliRun;
  readonly report: ContractReport | undefined;
  readonly simulator: RunningSimulator;
}

const work = mkdtempSync(join(tmpdir(), 'gwscheck-calls-'));
const simulators: RunningSimulator[] = [];
const runs = new Map<string, GateRun>();

/** Only the contract the defect must break: the others would only wait for their deadlines. */
const only = (contract: string): string[] => ['--grep', `^${contract.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`];

/** The seed's supervisor, who monitors the agent and rings it; a run without it rings through the control API. */
const WITH_SUPERVISOR = ['--supervisor-username', 'lsupervisor'];

async function gate(name: string, tag: string, defects: readonly DefectMode[], extra: readonly string[] = WITH_SUPERVISOR): Promise<GateRun> {
  const simulator = await listen(buildSimulator({ defects, fixtures: FIXTURES }), { host: '127.0.0.1', port: 0 });
  simulators.push(simulator);
  const dir = join(work, name);
  // A defect run is expected to fail: a short deadline keeps it short.
  const deadline = defects.length > 0 ? ['--async-deadline', '1500'] : [];
  const cli = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--admin-username', 'admin', '--tag', tag, '--reports', dir, ...deadline, ...extra], {
    GWS_ADMIN_PASSWORD: 'admin',
    ...(extra.includes('--supervisor-username') ? { GWS_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD } : {}),
  });
  let report: ContractReport | undefined;
  try {
    report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8')) as ContractReport;
  } catch {
    report = undefined;
  }
  return { cli, report, simulator };
}

function run(name: string): GateRun {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no gate run named ${name}`);
  return found;
}

async function agentGet(simulator: RunningSimulator, path: string, as: Record<string, string> = AGENT): Promise<unknown> {
  return (await fetch(`${simulator.url}${path}`, { headers: as })).json();
}

beforeAll(async () => {
  const jobs: (() => Promise<[string, GateRun]>)[] = [
    async () => ['faithful-call', await gate('faithful-call', 'call', [])],
    async () => ['faithful-device', await gate('faithful-device', 'device', [])],
    async () => ['faithful-supervisor', await gate('faithful-supervisor', 'supervisor', [])],
    // Without a supervisor the inbound contract rings the agent through the control API.
    async () => ['faithful-inbound-control', await gate('faithful-inbound-control', 'call', [], only(INBOUND))],
    ...DEFECTS.map(({ mode, tag, contract }) => async (): Promise<[string, GateRun]> => [mode, await gate(mode, tag, [mode], [...only(contract), ...WITH_SUPERVISOR])]),
  ];
  // Two at a time: the machine has two cores, and most of a defect run waits for a deadline.
  for (const [name, result] of await inPool(jobs, 2, (job) => job())) runs.set(name, result);
}, 480_000);

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

describe('the call and device contracts against the faithful simulator', () => {
  for (const tag of ['call', 'device', 'supervisor']) {
    test(`--tag ${tag}: every contract holds and leaves no call, DND, forwarding or monitoring behind`, async () => {
      const { cli, report, simulator } = run(`faithful-${tag}`);
      const failed = (report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.message ?? ''}`);
      expect(failed).toEqual([]);
      expect(cli.status, cli.stderr).toBe(0);
      expect(report?.summary.passed).toBeGreaterThanOrEqual(4);
      expect(report?.summary.skipped).toBe(0);
      expect(await agentGet(simulator, '/me/calls', SUPERVISOR)).toEqual({ statusCode: 0, uris: [] });
      const watcher = (await agentGet(simulator, `/me/devices/${SUPERVISOR_DEVICE}`, SUPERVISOR)) as { device?: Record<string, unknown> };
      expect(watcher.device).toMatchObject({ id: SUPERVISOR_DEVICE });
      expect(watcher.device).not.toHaveProperty('supervisorMonitoringState');
      expect(await agentGet(simulator, '/me/calls')).toEqual({ statusCode: 0, uris: [] });
      const device = (await agentGet(simulator, `/me/devices/${AGENT_DEVICE}`)) as { device?: Record<string, unknown> };
      expect(device.device).toMatchObject({ doNotDisturb: 'Off' });
      expect(device.device).not.toHaveProperty('forwardTo');
      const calls = (await (await fetch(`${simulator.origin}/__simulator/calls`)).json()) as { calls: unknown[] };
      expect(calls.calls).toEqual([]);
    });
  }

  test('without a supervisor the inbound contract rings the agent through the simulator\'s control API and holds', () => {
    const { cli, report } = run('faithful-inbound-control');
    expect(cli.status, cli.stderr).toBe(0);
    expect((report?.results ?? []).map((r) => [r.name.slice(0, INBOUND.length), r.outcome])).toEqual([[INBOUND, 'passed']]);
  });
});

describe('the call and device contracts against a simulator with a call defect', () => {
  for (const { mode, contract, rule } of DEFECTS) {
    test(`${mode}: exit 1, naming ${contract} and the broken rule`, () => {
      const { cli, report } = run(mode);
      expect(cli.status, cli.stderr).toBe(1);
      const failed = (report?.results ?? []).filter((r) => r.outcome === 'failed' && r.name.startsWith(contract));
      const said = failed.flatMap((r) => r.violations.map((v) => `${v.pointer} ${v.message}`));
      expect(failed.length, (report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => r.name).join('\n')).toBeGreaterThan(0);
      expect(said.some((text) => rule.test(text)), said.join('\n')).toBe(true);
      expect(cli.stdout).toContain('contract(s) failed');
    });
  }
});
