// A contract must not depend on the contracts before it. The agent-state contract once failed
// whenever the catalog's supervisor example ran just before it: an admin set the agent NotReady
// while it already was NotReady, a GET showed nothing to wait for, and the announcement of that
// change arrived after the Ready contract had sent its own operation and opened its watch.
import type { TestContext } from 'vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAnnounced, moveVoiceTo, openWatches, readVoice, sendChannelOperation, withAgentRestored } from '../../src/gate/kit/index.ts';
import { Gate } from '../../src/gate/kit/harness.ts';
import { PROBE_AGENT, startSimulator, type TestSimulator } from '../prober/harness.ts';

type Test = TestContext['task'];

// Long enough that a change is still on its way while the next contract starts.
const APPLY_DELAY_MS = 500;

let sim: TestSimulator;
let gate: Gate;
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: APPLY_DELAY_MS });
  gate = new Gate({
    target: { baseUrl: sim.url, user: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password }, admin: { username: 'admin', password: 'admin' } },
    timeoutMs: 2000,
    httpStatusStrict: false,
    asyncDeadlineMs: 3000,
  });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.defects([]);
  await moveVoiceTo(gate, 'NotReady');
});

function contractTask(): Test {
  return { meta: {} } as unknown as Test;
}

/** An admin sets the agent's voice channel by id, as the catalog's supervisor example does [src: AgentStateControlNotReady]. */
async function adminSets(operationName: string): Promise<void> {
  const exchange = await gate.admin!.send({ method: 'POST', path: `/users/${PROBE_AGENT.id}/channels/voice`, body: { operationName } });
  expect(exchange.response.body).toEqual({ statusCode: 0 });
}

/** The Ready contract of specs/async.spec.ts, on this gate: throws what the contract would fail with. */
async function readyContract(task: Test): Promise<void> {
  await withAgentRestored(gate, task, async () => {
    await moveVoiceTo(gate, 'NotReady');
    const watching = await openWatches(gate);
    if (watching.kind !== 'watching') throw new Error(`no notification watch: ${watching.kind}`);
    try {
      const sentAt = performance.now();
      await sendChannelOperation(gate, 'voice', 'Ready');
      await expectAnnounced(gate, task, gate.operation('post-me-channels-voice'), watching.watches, 'Ready', sentAt);
    } finally {
      await watching.watches.close();
    }
  });
}

describe('contracts that follow one another', () => {
  it("an admin's change to the agent, acknowledged but not yet applied, is waited for before the next contract reads its starting state", async () => {
    expect((await readVoice(gate)).label).toBe('NotReady');
    await adminSets('Ready');
    let start: string | undefined;
    await withAgentRestored(gate, contractTask(), (snapshot) => {
      start = snapshot.get('voice');
      return Promise.resolve();
    });
    expect(start).toBe('Ready');
  });

  it('the late announcement of an earlier change to the state the agent already showed is not taken for the next operation\'s outcome', async () => {
    expect((await readVoice(gate)).label).toBe('NotReady');
    await adminSets('NotReady');
    const task = contractTask();
    await readyContract(task);
    expect(task.meta.gate?.violations ?? []).toEqual([]);
  });

  it('a server that announces the wrong state and never the right one still fails the contract', async () => {
    await sim.defects(['wrong-state-applied']);
    const task = contractTask();
    await expect(readyContract(task)).rejects.toThrow(/no DeviceStateChangeMessage announcing Ready|announces NotReady, not Ready/);
  });
});
