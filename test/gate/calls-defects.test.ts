// The call, device and supervisor contracts, run as a user runs them: each call defect of the
// simulator makes the gate exit 1 naming the contract and the rule it broke, and a faithful run
// leaves no call behind, the device as it found it and the supervisor monitoring nobody.
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { DEFAULT_FIXTURES } from '../../src/simulator/seed.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { AGENT, expectDefectCaught, expectEveryContractHeld, gateRuns, only, type DefectRow, type GateSetup } from './defect-runs.ts';

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
const DEFECTS: readonly (DefectRow & { tag: 'call' | 'device' | 'supervisor' })[] = [
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

const { runAll, run } = gateRuns('calls');

/** The seed's supervisor, who monitors the agent and rings it; a run without it rings through the control API. */
const WITH_SUPERVISOR = ['--supervisor-username', 'lsupervisor'];

function gate(tag: string, defects: readonly DefectMode[], extra: readonly string[] = WITH_SUPERVISOR): GateSetup {
  return {
    defects,
    fixtures: FIXTURES,
    args: () => ['--username', 'ksippo', '--admin-username', 'admin', '--tag', tag, ...extra],
    env: { GWS_ADMIN_PASSWORD: 'admin', ...(extra.includes('--supervisor-username') ? { GWS_SUPERVISOR_PASSWORD: SUPERVISOR_PASSWORD } : {}) },
  };
}

async function agentGet(simulator: RunningSimulator, path: string, as: Record<string, string> = AGENT): Promise<unknown> {
  return (await fetch(`${simulator.url}${path}`, { headers: as })).json();
}

beforeAll(async () => {
  await runAll(
    [
      ['faithful-call', gate('call', [])],
      ['faithful-device', gate('device', [])],
      ['faithful-supervisor', gate('supervisor', [])],
      // Without a supervisor the inbound contract rings the agent through the control API.
      ['faithful-inbound-control', gate('call', [], only(INBOUND))],
      ...DEFECTS.map(({ mode, tag, contract }) => [mode, gate(tag, [mode], [...only(contract), ...WITH_SUPERVISOR])] as const),
    ],
    // Two at a time: the machine has two cores, and most of a defect run waits for a deadline.
    2,
  );
}, 480_000);

describe('the call and device contracts against the faithful simulator', () => {
  for (const tag of ['call', 'device', 'supervisor']) {
    test(`--tag ${tag}: every contract holds and leaves no call, DND, forwarding or monitoring behind`, async () => {
      const faithful = run(`faithful-${tag}`);
      expectEveryContractHeld(faithful);
      expect(faithful.report?.summary.passed).toBeGreaterThanOrEqual(4);
      const { simulator } = faithful;
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
      expectDefectCaught(run(mode), contract, rule);
    });
  }
});
