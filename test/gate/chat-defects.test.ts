// The chat contracts, run as a user runs them: each chat defect of the simulator makes the gate
// exit 1 naming the contract and the rule it broke, and against the faithful simulator every chat
// contract holds and leaves no chat of the agent open.
import { beforeAll, describe, expect, test } from 'vitest';
import { CHAT_DEFECTS } from '../../src/simulator/interactions/index.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { AGENT, expectDefectCaught, expectEveryContractHeld, gateRuns, only, type DefectRow, type GateSetup } from './defect-runs.ts';

const ACCEPTED = 'post-me-chats-id: a chat offered to the agent is accepted, answered and completed';
const REJECTED = 'post-me-chats-id: a chat offered to the agent and rejected';
const REFUSED = 'post-me-chats-id: Accept on an accepted chat and SendMessage on a completed one are refused';
const UNKNOWN = 'post-me-chats-id: an operation on a chat that does not exist';

/** Defect → the contract that must fail, and the rule its failure names. */
const DEFECTS: readonly DefectRow[] = [
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

const { runAll, run } = gateRuns('chats');

/** The contact center id lets the contracts start chats as a customer; without it they are skipped. */
const gate = (defects: readonly DefectMode[], extra: readonly string[] = []): GateSetup => ({
  defects,
  args: () => ['--username', 'ksippo', '--contact-center-id', 'gwscheck-test', '--tag', 'chat', ...extra],
});

beforeAll(async () => {
  // Four at a time on two cores: most of a defect run waits for a deadline.
  await runAll([['faithful', gate([])], ...DEFECTS.map(({ mode, contract }) => [mode, gate([mode], only(contract))] as const)], 4);
}, 120_000);

test('every chat defect of the simulator has a row here', () => {
  expect(DEFECTS.map((d) => d.mode).sort()).toEqual([...CHAT_DEFECTS].sort());
  expect(CHAT_DEFECTS.length).toBeGreaterThanOrEqual(10);
});

describe('the chat contracts against the faithful simulator', () => {
  test('--tag chat: every contract holds, none is skipped, and the agent has no chat left open', async () => {
    const faithful = run('faithful');
    expectEveryContractHeld(faithful);
    const names = (faithful.report?.results ?? []).map((r) => r.name);
    for (const contract of [ACCEPTED, REJECTED, REFUSED, UNKNOWN]) expect(names.some((n) => n.startsWith(contract)), contract).toBe(true);
    const chats = (await (await fetch(`${faithful.simulator.url}/me/chats?fields=*`, { headers: AGENT })).json()) as { chats?: unknown[] };
    expect(chats).toEqual({ statusCode: 0, chats: [] });
  });
});

describe('the chat contracts against a simulator with a chat defect', () => {
  for (const { mode, contract, rule } of DEFECTS) {
    test(`${mode}: exit 1, naming ${contract} and the broken rule`, () => {
      expectDefectCaught(run(mode), contract, rule);
    });
  }
});
