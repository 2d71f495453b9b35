// The chat contracts, run as a user runs them: each chat defect of the simulator makes the gate
// exit 1 naming the contract and the rule it broke, and against the faithful simulator every chat
// contract holds and leaves no chat of the agent open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ContractReport } from '../../src/reporters/index.ts';
import { buildSimulator, listen, type RunningSimulator } from '../../src/simulator/index.ts';
import { CHAT_DEFECTS } from '../../src/simulator/interactions/index.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { inPool, runCli, type CliRun } from './cli.ts';

const AGENT = { Authorization: `Basic ${Buffer.from('ksippo:').toString('base64')}` };
const ACCEPTED = 'post-me-chats-id: a chat offered to the agent is accepted, answered and completed';
const REJECTED = 'post-me-chats-id: a chat offered to the agent and rejected';
const REFUSED = 'post-me-chats-id: Accept on an accepted chat and SendMessage on a completed one are refused';
const UNKNOWN = 'post-me-chats-id: an operation on a chat that does not exist';

/** Defect → the contract that must fail, and the rule its failure names. */
const DEFECTS: readonly { mode: DefectMode; contract: string; rule: RegExp }[] = [
  { mode: 'chat-ack-extra-status', contract: ACCEPTED, rule: /Accept answered \{"statusCode":0,"status":0\}, not exactly \{"statusCode":0\}/ },
  { mode: 'chat-reject-answers-status', contract: REJECTED, rule: /Reject answered \{"status":0\}, not exactly \{"statusCode":0\}/ },
  { mode: 'chat-accept-ignored', contract: ACCEPTED, rule: /StatusChange on \/v2\/me\/chats showing state Chatting .*after Accept on chat .*GET then shows "Invited"/ },
  { mode: 'chat-accept-misannounced', contract: ACCEPTED, rule: /StatusChange on \/v2\/me\/chats showing state Chatting .*after Accept on chat .*GET then shows "Chatting"/ },
  { mode: 'chat-message-lost', contract: ACCEPTED, rule: /NewMessages on \/v2\/me\/chats showing text gwscheck says hello .*after SendMessage on chat .*GET then shows nothing/ },
  { mode: 'chat-index-repeats', contract: ACCEPTED, rule: /the agent's message is entry 1 of the transcript, not the next one \(2\)/ },
  { mode: 'chat-notification-wrong-topic', contract: ACCEPTED, rule: /StatusChange on \/v2\/me\/chats showing state Chatting .*after Accept on chat .*\(received: none;/ },
  { mode: 'chat-reference-stuck', contract: ACCEPTED, rule: /the StatusChange of Accept and that of Complete on chat .* both carry referenceId 1/ },
  { mode: 'chat-participant-untyped', contract: ACCEPTED, rule: /\/data\/chat\/participants\/0\/type: required attribute is missing/ },
  { mode: 'chat-capabilities-missing-send', contract: ACCEPTED, rule: /a Chatting chat does not offer SendMessage/ },
  { mode: 'chat-complete-ignored', contract: ACCEPTED, rule: /StatusChange on \/v2\/me\/chats showing state Completed .*after Complete on chat .*GET then shows "Chatting"/ },
  { mode: 'chat-customer-misses-agent', contract: ACCEPTED, rule: /the customer's GetMessages does not show the agent's message/ },
  { mode: 'chat-unknown-id-accepted', contract: UNKNOWN, rule: /statusCode 0.*expected 6/ },
  { mode: 'chat-never-offered', contract: ACCEPTED, rule: /the agent's chats do not list chat \S+ 1500 ms after a customer requested it/ },
  { mode: 'chat-wrong-state-accepted', contract: REFUSED, rule: /statusCode 0.*expected 2/ },
];

interface GateRun {
  readonly cli: CliRun;
  readonly report: ContractReport | undefined;
  readonly simulator: RunningSimulator;
}

const work = mkdtempSync(join(tmpdir(), 'gwscheck-chats-'));
const simulators: RunningSimulator[] = [];
const runs = new Map<string, GateRun>();

/** Only the contract the defect must break: the others would only wait for their deadlines. */
const only = (contract: string): string[] => ['--grep', `^${contract.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`];

async function gate(name: string, defects: readonly DefectMode[], extra: readonly string[] = []): Promise<GateRun> {
  const simulator = await listen(buildSimulator({ defects }), { host: '127.0.0.1', port: 0 });
  simulators.push(simulator);
  const dir = join(work, name);
  // A defect run is expected to fail: a short deadline keeps it short.
  const deadline = defects.length > 0 ? ['--async-deadline', '1500'] : [];
  const cli = await runCli(['contract', '--base-url', simulator.url, '--username', 'ksippo', '--contact-center-id', 'gwscheck-test', '--tag', 'chat', '--reports', dir, ...deadline, ...extra]);
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

beforeAll(async () => {
  const jobs: (() => Promise<[string, GateRun]>)[] = [
    async () => ['faithful', await gate('faithful', [])],
    ...DEFECTS.map(({ mode, contract }) => async (): Promise<[string, GateRun]> => [mode, await gate(mode, [mode], only(contract))]),
  ];
  // Four at a time on two cores: most of a defect run waits for a deadline.
  for (const [name, result] of await inPool(jobs, 4, (job) => job())) runs.set(name, result);
}, 120_000);

afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
  rmSync(work, { recursive: true, force: true });
});

test('every chat defect of the simulator has a row here', () => {
  expect(DEFECTS.map((d) => d.mode).sort()).toEqual([...CHAT_DEFECTS].sort());
  expect(CHAT_DEFECTS.length).toBeGreaterThanOrEqual(10);
});

describe('the chat contracts against the faithful simulator', () => {
  test('--tag chat: every contract holds, none is skipped, and the agent has no chat left open', async () => {
    const { cli, report, simulator } = run('faithful');
    const failed = (report?.results ?? []).filter((r) => r.outcome === 'failed').map((r) => `${r.name}: ${r.message ?? ''}`);
    expect(failed).toEqual([]);
    expect(cli.status, cli.stderr).toBe(0);
    expect(report?.summary.skipped).toBe(0);
    const names = (report?.results ?? []).map((r) => r.name);
    for (const contract of [ACCEPTED, REJECTED, REFUSED, UNKNOWN]) expect(names.some((n) => n.startsWith(contract)), contract).toBe(true);
    const chats = (await (await fetch(`${simulator.url}/me/chats?fields=*`, { headers: AGENT })).json()) as { chats?: unknown[] };
    expect(chats).toEqual({ statusCode: 0, chats: [] });
  });
});

describe('the chat contracts against a simulator with a chat defect', () => {
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
