// The gate's state contracts restore the agent by the same rule as the prober: a change whose
// answer came too late is waited for (its outcome, or its deadline) before the restore starts, and
// the restore goes back to the state read before the change.
import type { TestContext } from 'vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readVoice, sendChannelOperation, withAgentRestored } from '../../src/gate/kit/index.ts';
import { Gate } from '../../src/gate/kit/harness.ts';
import { PROBE_AGENT, startSimulator, type TestSimulator } from '../prober/harness.ts';

type Test = TestContext['task'];

let sim: TestSimulator;
let gate: Gate;
beforeAll(async () => {
  sim = await startSimulator({ asyncDelayMs: 60 });
  gate = new Gate({
    target: { baseUrl: sim.url, user: { username: PROBE_AGENT.userName, password: PROBE_AGENT.password } },
    timeoutMs: 2000,
    httpStatusStrict: false,
    asyncDeadlineMs: 3000,
  });
});
afterAll(async () => {
  await sim.close();
});
afterEach(async () => {
  await sim.clearFaults();
});

/** A stand-in for the vitest task a contract records its violations on. */
function contractTask(): Test {
  return { meta: {} } as unknown as Test;
}

/** The agent's voice state, read every 50 ms until `until` (epoch ms): at least one read. */
async function statesUntil(until: number): Promise<string[]> {
  const seen: string[] = [];
  do {
    seen.push((await readVoice(gate)).label);
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < until);
  return seen;
}

describe('withAgentRestored', () => {
  it('a change answered after the timeout: afterwards the agent is in its starting state, or the contract names a failed restore', async () => {
    expect((await readVoice(gate)).label).toBe('NotReady');
    await sim.fault({ type: 'latency', fixedMs: 3000, method: 'POST', route: '/me/channels/voice', times: 1 });
    const task = contractTask();
    const sentBy = Date.now();
    const run = withAgentRestored(gate, task, async () => {
      await sendChannelOperation(gate, 'voice', 'Ready');
    });
    await expect(run).rejects.toThrow(/POST \/me\/channels\/voice/);
    // The late change lands about 3 s after it was sent: watch beyond that.
    const seen = await statesUntil(sentBy + 4000);
    const restoreFailed = (task.meta.gate?.violations ?? []).some((v) => v.keyword === 'restore');
    expect(restoreFailed || seen.every((s) => s === 'NotReady'), `restore failed: ${restoreFailed}, states ${seen.join(' ')}`).toBe(true);
    // The restore waited for the late outcome, so it could put the agent back and confirm it.
    expect(restoreFailed).toBe(false);
    expect(seen.every((s) => s === 'NotReady')).toBe(true);
  });

  it('a change accepted but not yet applied is waited for before the restore reads the agent', async () => {
    const task = contractTask();
    // The body returns at once: the change is on its way when the restore starts.
    await withAgentRestored(gate, task, async () => {
      await sendChannelOperation(gate, 'voice', 'AuxWork');
    });
    expect(task.meta.gate).toBeUndefined();
    const seen = await statesUntil(Date.now() + 300);
    expect(seen.every((s) => s === 'NotReady'), seen.join(' ')).toBe(true);
  });

});
