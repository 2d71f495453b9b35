// The email and open-media contracts, run as a user runs them: each email or open-media defect of
// the simulator makes the gate exit 1 naming the contract and the rule it broke, and against the
// faithful simulator every one of these contracts holds and leaves no email or item of the agent open.
import { beforeAll, describe, expect, test } from 'vitest';
import { EMAIL_DEFECTS, OPENMEDIA_DEFECTS } from '../../src/simulator/interactions/index.ts';
import type { DefectMode } from '../../src/simulator/types.ts';
import { AGENT, expectDefectCaught, expectEveryContractHeld, gateRuns, only, type DefectRow, type GateSetup } from './defect-runs.ts';

const OUTBOUND = 'post-me-emails: an outbound email is created, saved and canceled';
const INBOUND = 'post-me-emails-id: an inbound email is accepted, replied to and completed';
const ITEM = 'post-me-openmedia-mediatype: an open-media item is created, its user data attached and completed';

/** Defect → the contract that must fail, and the rule its failure names. */
const DEFECTS: readonly DefectRow[] = [
  { mode: 'email-cancel-answers-status', contract: OUTBOUND, rule: /Cancel answered \{"status":0\}, not exactly \{"statusCode":0\}/ },
  { mode: 'email-create-ignored', contract: OUTBOUND, rule: /no StatusChange .*on \/v2\/me\/emails showing state Composing within 1500 ms after Create \(a new email\)/ },
  { mode: 'email-to-not-list', contract: OUTBOUND, rule: /\/data\/email\/to: .*array/ },
  { mode: 'email-save-ignored', contract: OUTBOUND, rule: /no EmailSaved .*on \/v2\/me\/emails showing subject gwscheck \d+ within 1500 ms after Save on email/ },
  { mode: 'email-cancel-ignored', contract: OUTBOUND, rule: /no StatusChange .*on \/v2\/me\/emails showing state Canceled within 1500 ms after Cancel on email .*GET then shows "Composing"/ },
  { mode: 'email-notification-wrong-topic', contract: OUTBOUND, rule: /on \/v2\/me\/emails showing state Composing .*\(received: none;/ },
  { mode: 'openmedia-ack-without-reference', contract: ITEM, rule: /\/referenceId .*required attribute is missing/ },
  { mode: 'openmedia-complete-ignored', contract: ITEM, rule: /no StatusChange .*on \/v2\/me\/openmedia showing state Completed within 1500 ms after Complete on openmedia .*GET then shows "Processing"/ },
];

const { runAll, run } = gateRuns('multimedia');

/** The contracts create outbound emails in a queue, and open-media items of a type configured for open media. */
const gate = (defects: readonly DefectMode[], extra: readonly string[] = []): GateSetup => ({
  defects,
  args: (url) => ['--username', 'ksippo', '--queue-uri', `${url}/queues/995655ec-81a5-46b0-82d0-3f2c5eca263d`, '--openmedia-type', 'workitem', '--tag', 'multimedia', ...extra],
});

beforeAll(async () => {
  await runAll(
    [
      // Chats need a contact center id: without one their contracts are skipped, and only email and open media run.
      ['faithful', gate([], ['--grep', '^(get|post)-me-(emails|openmedia)'])],
      ...DEFECTS.map(({ mode, contract }) => [mode, gate([mode], only(contract))] as const),
    ],
    // Four at a time on two cores: most of a defect run waits for a deadline.
    4,
  );
}, 120_000);

test('every email and open-media defect of the simulator has a row here', () => {
  expect(DEFECTS.map((d) => d.mode).sort()).toEqual([...EMAIL_DEFECTS, ...OPENMEDIA_DEFECTS].sort());
});

describe('the email and open-media contracts against the faithful simulator', () => {
  test('every contract and catalog example holds, none is skipped, and the agent has no email or item left open', async () => {
    const faithful = run('faithful');
    expectEveryContractHeld(faithful);
    const names = (faithful.report?.results ?? []).map((r) => r.name);
    for (const contract of [OUTBOUND, INBOUND, ITEM]) expect(names.some((n) => n.startsWith(contract)), contract).toBe(true);
    expect(names.length).toBeGreaterThanOrEqual(11);
    const emails = (await (await fetch(`${faithful.simulator.url}/me/emails?fields=*`, { headers: AGENT })).json()) as unknown;
    expect(emails).toEqual({ statusCode: 0, emails: [] });
    const items = (await (await fetch(`${faithful.simulator.url}/me/openmedia/workitem?fields=*`, { headers: AGENT })).json()) as unknown;
    expect(items).toEqual({ statusCode: 0, openmedia: [] });
  });
});

describe('the email and open-media contracts against a simulator with a defect', () => {
  for (const { mode, contract, rule } of DEFECTS) {
    test(`${mode}: exit 1, naming ${contract} and the broken rule`, () => {
      expectDefectCaught(run(mode), contract, rule);
    });
  }
});
